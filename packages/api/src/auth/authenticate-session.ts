import type { Principal, ServiceContext } from "../context.ts";
import { sessionIdOf } from "./session-token.ts";

export interface SignedInUser extends Principal {
  email: string;
  name: string | null;
}

/** The signed-in user of a session cookie, with the projects they belong to; null when signed out. */
export async function authenticateSession(ctx: ServiceContext, token: string | undefined): Promise<SignedInUser | null> {
  if (!token) return null;
  const session = await ctx.db.session.findUnique({
    where: { id: sessionIdOf(token) },
    include: { user: { include: { memberships: { select: { projectId: true } } } } },
  });
  // A disabled user's sessions are deleted; refusing them here too covers a sign-in racing the disable.
  if (!session || session.expiresAt.getTime() <= Date.now() || session.user.disabledAt) return null;
  const { user } = session;
  return { kind: "user", id: user.id, email: user.email, name: user.name, projectIds: user.memberships.map((m) => m.projectId) };
}
