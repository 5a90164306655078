import "server-only";
import { cookies } from "next/headers";
import { authenticateSession, SESSION_COOKIE, type SignedInUser } from "@connections/api";
import { services } from "./services.ts";

/** The signed-in user of this request, or null. */
export async function currentUser(): Promise<SignedInUser | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return authenticateSession(await services(), token);
}
