import { AppError } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { mintAccessKey } from "./access-key-format.ts";

/** Creates an access key for a project. The returned key is shown once and never stored. */
export async function createAccessKey(ctx: ServiceContext, projectId: string, name?: string) {
  const project = await ctx.db.project.findUnique({ where: { id: projectId } });
  if (!project) throw AppError.notFound(`project ${projectId}`);
  const minted = mintAccessKey();
  await ctx.db.accessKey.create({ data: { id: minted.id, projectId, name: name ?? null, secretHash: minted.secretHash } });
  return { id: minted.id, key: minted.key, project_id: projectId };
}
