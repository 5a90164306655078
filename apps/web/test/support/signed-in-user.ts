import { createUser, SESSION_COOKIE, signIn } from "@connections/api";
import { services, type Tenant } from "./fixtures.ts";

export interface SignedInUser {
  id: string;
  /** The `cookie` header value of the user's session. */
  cookie: string;
}

/** A new member of the tenant's project with a session, signed in without a browser. */
export async function signedInUser(tenant: Tenant): Promise<SignedInUser> {
  const email = `sweep-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const password = "a long sweep password";
  const user = await createUser(services(), { email, password, project_id: tenant.projectId });
  const { token } = await signIn(services(), { email, password });
  return { id: user.id, cookie: `${SESSION_COOKIE}=${token}` };
}
