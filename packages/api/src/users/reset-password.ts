import { randomBytes } from "node:crypto";
import { AppError } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { hashPassword } from "../auth/password-hash.ts";
import { createUserInputSchema } from "./create-user.ts";
import { findUser } from "./find-user.ts";

/**
 * Sets a new password and ends every session of the user. Without one given, generates a strong
 * one (144 random bits) and returns it: the only time it is shown.
 */
export async function resetPassword(ctx: ServiceContext, emailOrId: string, given?: string) {
  const user = await findUser(ctx, emailOrId);
  const parsed = createUserInputSchema.shape.password.safeParse(given ?? randomBytes(18).toString("base64url"));
  if (!parsed.success) throw AppError.fromZod(parsed.error, ["password"]);
  const passwordHash = await hashPassword(parsed.data);
  const [, ended] = await ctx.db.$transaction([
    ctx.db.user.update({ where: { id: user.id }, data: { passwordHash } }),
    ctx.db.session.deleteMany({ where: { userId: user.id } }),
  ]);
  return { id: user.id, email: user.email, sessions_ended: ended.count, ...(given === undefined ? { password: parsed.data } : {}) };
}
