import type { ServiceContext } from "../context.ts";
import { findUser } from "./find-user.ts";

/**
 * Takes a person's access away at once: sign-in is refused from now on and every session ends (so
 * their Chat connectors are unusable too). A user disabled before keeps the original time.
 */
export async function disableUser(ctx: ServiceContext, emailOrId: string) {
  const user = await findUser(ctx, emailOrId);
  const disabledAt = user.disabledAt ?? new Date();
  const [, ended] = await ctx.db.$transaction([
    ctx.db.user.update({ where: { id: user.id }, data: { disabledAt } }),
    ctx.db.session.deleteMany({ where: { userId: user.id } }),
  ]);
  return { id: user.id, email: user.email, disabled_at: disabledAt, sessions_ended: ended.count };
}

/** Lets a disabled user sign in again (with the password they had). */
export async function enableUser(ctx: ServiceContext, emailOrId: string) {
  const user = await findUser(ctx, emailOrId);
  await ctx.db.user.update({ where: { id: user.id }, data: { disabledAt: null } });
  return { id: user.id, email: user.email, disabled_at: null };
}
