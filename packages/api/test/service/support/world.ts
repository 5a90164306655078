import { appRouter } from "../../../src/trpc/root.ts";
import { createAccessKey } from "../../../src/auth/create-access-key.ts";
import { authenticateAccessKey } from "../../../src/auth/authenticate-access-key.ts";
import type { Principal } from "../../../src/context.ts";
import { createProject } from "../../../src/projects/create-project.ts";
import { createUser } from "../../../src/users/create-user.ts";
import type { ScratchServices } from "./scratch-services.ts";

export type Caller = ReturnType<typeof appRouter.createCaller>;

/** The tRPC router as the web app's handler calls it, for this principal (null: nobody signed in). */
export function callerFor(services: ScratchServices, principal: Principal | null): Caller {
  return appRouter.createCaller({ services, principal, authError: null });
}

export interface Tenant {
  projectId: string;
  /** The project's access key, as a Bearer token, and the principal it authenticates as. */
  accessKey: string;
  keyPrincipal: Principal;
  /** A member of the project, signed in. */
  user: Principal & { email: string; password: string };
}

let tenants = 0;

/** A project with an access key and a member, made with the same services the CLI uses. */
export async function newTenant(services: ScratchServices, name = "tenant"): Promise<Tenant> {
  tenants += 1;
  const project = await createProject(services, `${name}-${tenants}`);
  const key = await createAccessKey(services, project.id, "tests");
  const keyPrincipal = await authenticateAccessKey(services, `Bearer ${key.key}`);
  const email = `${name}-${tenants}@example.test`;
  const password = `password-${tenants}-long-enough`;
  const user = await createUser(services, { email, password, project_id: project.id });
  return {
    projectId: project.id,
    accessKey: key.key,
    keyPrincipal,
    user: { kind: "user", id: user.id, projectIds: [project.id], email, password },
  };
}
