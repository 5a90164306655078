import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import type { RequestOrigin } from "../throttle/client-address.ts";
import { signInGate } from "../throttle/sign-in-throttle.ts";
import { verifyPassword } from "./password-hash.ts";
import { refuseDisabledAccount } from "./refuse-disabled-account.ts";
import { mintSessionToken, sessionIdOf, SESSION_TTL_MS } from "./session-token.ts";

export const signInInputSchema = z.strictObject({
  email: z.email("must be an email address").transform((e) => e.toLowerCase()),
  password: z.string().min(1, "is required").max(1024),
});

export type SignInInput = z.output<typeof signInInputSchema>;

// Compared against when the email is unknown, so both failures take as long.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/**
 * Email and password → a new session; one message for every failure, so accounts can't be probed.
 * Throttled per account and per client address (`origin`, from the adapter; without it, per account only).
 */
export async function signIn(ctx: ServiceContext, input: SignInInput, origin?: RequestOrigin): Promise<{ token: string; expiresAt: Date }> {
  const gate = await signInGate(ctx, input.email, origin);
  const user = await ctx.db.user.findUnique({ where: { email: input.email } });
  const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  // Before the password's verdict, so a disabled account gets one answer whether it was right or not.
  refuseDisabledAccount(user);
  if (!user || !valid) throw await gate.failed(user ? "password" : "unknown account");
  await gate.succeeded();
  const { token, id } = mintSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await ctx.db.session.create({ data: { id, userId: user.id, expiresAt } });
  return { token, expiresAt };
}

export async function signOut(ctx: ServiceContext, token: string | undefined): Promise<void> {
  if (!token) return;
  await ctx.db.session.deleteMany({ where: { id: sessionIdOf(token) } });
}
