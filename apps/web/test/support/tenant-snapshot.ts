import { db } from "./fixtures.ts";

/**
 * Every stored column of the projects' connections and the users' chat connectors: equal before
 * and after a batch of refused requests proves none of them wrote anything, even in part.
 */
export async function tenantSnapshot(owners: { projectIds: readonly string[]; userIds: readonly string[] }): Promise<string> {
  const [connections, chatConnectors] = await Promise.all([
    db().connection.findMany({ where: { projectId: { in: [...owners.projectIds] } }, orderBy: { id: "asc" } }),
    db().chatConnector.findMany({ where: { userId: { in: [...owners.userIds] } }, orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ connections, chatConnectors });
}
