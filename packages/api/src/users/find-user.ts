import { AppError } from "@connections/core";
import type { ServiceContext } from "../context.ts";

/** A user named by email (any case) or by id (`usr_…`), as an operator types it; NOT_FOUND otherwise. */
export async function findUser(ctx: ServiceContext, emailOrId: string) {
  const where = emailOrId.includes("@") ? { email: emailOrId.toLowerCase() } : { id: emailOrId };
  const user = await ctx.db.user.findUnique({ where });
  if (!user) throw new AppError("NOT_FOUND", `no user with ${"email" in where ? "email" : "id"} ${emailOrId}: \`users list\` shows them`);
  return user;
}
