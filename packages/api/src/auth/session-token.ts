import { createHash, randomBytes } from "node:crypto";

export const SESSION_COOKIE = "connections_session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** A 256-bit token for the cookie, and the hash that is stored (a stolen database holds no live session). */
export function mintSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, id: sessionIdOf(token) };
}

export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
