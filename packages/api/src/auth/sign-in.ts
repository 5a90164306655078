import { z } from "zod";
import { audited, type AuditActor } from "../audit/audited.ts";
import type { ServiceContext } from "../context.ts";
import { callerAddress } from "../audit/caller-address.ts";
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
 * Audited as the account's user, or, when no account has that email, as `anonymous` by the email.
 */
export function signIn(ctx: ServiceContext, input: SignInInput, origin?: RequestOrigin): Promise<{ token: string; expiresAt: Date }> {
  const actor: AuditActor = { kind: "anonymous", id: input.email, address: callerAddress(ctx, origin) };
  return audited(ctx, actor, { action: "session.sign_in", projectId: null, connectionId: null, sql: null }, () =>
    signInAs(ctx, input, origin, actor),
  );
}

async function signInAs(
  ctx: ServiceContext,
  input: SignInInput,
  origin: RequestOrigin | undefined,
  actor: AuditActor,
): Promise<{ token: string; expiresAt: Date }> {
  const gate = await signInGate(ctx, input.email, origin);
  const user = await ctx.db.user.findUnique({ where: { email: input.email } });
  if (user) Object.assign(actor, { kind: "user", id: user.id });
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

/** Ends the session the token names; audited only when there was one to end. */
export async function signOut(ctx: ServiceContext, token: string | undefined, origin?: RequestOrigin): Promise<void> {
  if (!token) return;
  const id = sessionIdOf(token);
  const session = await ctx.db.session.findUnique({ where: { id }, select: { userId: true } });
  if (!session) return;
  const actor: AuditActor = { kind: "user", id: session.userId, address: callerAddress(ctx, origin) };
  await audited(ctx, actor, { action: "session.sign_out", projectId: null, connectionId: null, sql: null }, () =>
    ctx.db.session.deleteMany({ where: { id } }),
  );
}
