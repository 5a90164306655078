import "server-only";
import { authenticateSession, type SignedInUser } from "@connections/api";
import { services } from "./services.ts";
import { readSessionToken } from "./session-cookie.ts";

/** The signed-in user of this request, or null. */
export async function currentUser(): Promise<SignedInUser | null> {
  return authenticateSession(await services(), await readSessionToken());
}
