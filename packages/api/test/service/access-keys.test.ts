import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAccessKeys } from "../../src/access-keys/list-access-keys.ts";
import { revokeAccessKey } from "../../src/access-keys/revoke-access-key.ts";
import { authenticateAccessKey } from "../../src/auth/authenticate-access-key.ts";
import { createAccessKey } from "../../src/auth/create-access-key.ts";
import { createProject } from "../../src/projects/create-project.ts";
import { expectRefusedUnchanged } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { newTenant, type Tenant } from "./support/world.ts";

let services: ScratchServices;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  services = await openScratchServices();
  tenant = await newTenant(services, "keys");
  other = await newTenant(services, "other-keys");
});
afterAll(() => services?.close());

describe("projects create and access-keys list and revoke", () => {
  it("projects create stores the project by its new id", async () => {
    const project = await createProject(services, "Analytics");
    expect(project).toEqual({ id: expect.stringMatching(/^prj_/), name: "Analytics" });
    expect(await services.db.project.findUnique({ where: { id: project.id } })).toMatchObject({ name: "Analytics" });
  });

  it("lists every key or a project's, oldest first, never a secret nor its hash", async () => {
    const extra = await createAccessKey(services, tenant.projectId, "deploy");
    const all = await listAccessKeys(services);
    // Keys made in the same millisecond may come in either order; the order is by creation time.
    expect(all.data.map((k) => k.project_id).sort()).toEqual([tenant.projectId, other.projectId, tenant.projectId].sort());
    const times = all.data.map((k) => k.created_at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const mine = await listAccessKeys(services, tenant.projectId);
    expect(mine.data.map((k) => k.name).sort()).toEqual(["deploy", "tests"]);
    expect(mine.data.find((k) => k.name === "deploy")).toEqual({
      id: extra.id,
      project_id: tenant.projectId,
      name: "deploy",
      created_at: expect.any(Date),
      last_used_at: null,
      revoked_at: null,
    });
    const hashes = (await services.db.accessKey.findMany()).map((k) => k.secretHash);
    const text = JSON.stringify(all);
    // A key's secret is everything after `cnk_<16 hex id>_`; being base64url it may itself hold "_".
    const secrets = [tenant.accessKey, other.accessKey, extra.key].map((key) => key.slice("cnk_".length + 17));
    for (const secret of [...secrets, ...hashes]) expect(text).not.toContain(secret);
  });

  it("a revoked key is refused from the next request on; revoking again keeps the first time", async () => {
    const key = await createAccessKey(services, other.projectId, "to-revoke");
    await authenticateAccessKey(services, `Bearer ${key.key}`);
    const revoked = await revokeAccessKey(services, key.id);
    expect(revoked).toMatchObject({ id: key.id, revoked_at: expect.any(Date) });
    await expectRefusedUnchanged(services.db, () => authenticateAccessKey(services, `Bearer ${key.key}`), "UNAUTHENTICATED");
    expect((await revokeAccessKey(services, key.id)).revoked_at).toEqual(revoked.revoked_at);
    // The project's other key still works.
    expect(await authenticateAccessKey(services, `Bearer ${other.accessKey}`)).toMatchObject({ projectIds: [other.projectId] });
  });

  it("an unknown key id or project is NOT_FOUND, and nothing changes", async () => {
    await expectRefusedUnchanged(services.db, () => revokeAccessKey(services, "0123456789abcdef"), "NOT_FOUND");
    await expectRefusedUnchanged(services.db, () => listAccessKeys(services, "prj_nowhere"), "NOT_FOUND");
  });
});
