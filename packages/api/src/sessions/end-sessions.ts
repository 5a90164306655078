import type { ServiceContext } from "../context.ts";
import { findUser } from "../users/find-user.ts";

/** Signs a user out everywhere: their session cookies are refused on the next request. */
export async function endSessions(ctx: ServiceContext, emailOrId: string) {
  const user = await findUser(ctx, emailOrId);
  const { count } = await ctx.db.session.deleteMany({ where: { userId: user.id } });
  return { id: user.id, email: user.email, sessions_ended: count };
}
