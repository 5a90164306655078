import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { db, newTenant, services, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { validPostgresBody } from "../support/valid-config.ts";

// A DSA key saved before DSA keys were refused: testing or querying the connection answers with
// the same field error as saving it would, never a 500, and leaves the row as it was.
let tenant: Tenant;
let id: string;
let rowBefore: string;

beforeAll(async () => {
  tenant = await newTenant("stored refused key");
  const dir = scratchDir("stored-dsa");
  const created = await api("POST", "/v1/connections", {
    key: tenant.key,
    body: validPostgresBody(tenant.projectId, sshKeygen(dir, "ok").privateKey),
  });
  expect(created.status).toBe(201);
  id = created.body.data.id;
  execFileSync("ssh-keygen", ["-q", "-t", "dsa", "-N", "", "-f", join(dir, "dsa")], { stdio: "ignore" });
  const row = await db().connection.findUniqueOrThrow({ where: { id } });
  const sealed = JSON.parse(row.secrets) as Record<string, string>;
  sealed["ssh_tunnel.private_key"] = services().keyring.encrypt(
    readFileSync(join(dir, "dsa"), "utf8"),
    `connection:${id}:ssh_tunnel.private_key`,
  );
  await db().connection.update({ where: { id }, data: { secrets: JSON.stringify(sealed) } });
  rowBefore = JSON.stringify(await db().connection.findUniqueOrThrow({ where: { id } }));
});

describe("a stored key that is refused today", () => {
  it.each([
    ["testing it", `/v1/connections/${"ID"}/test`, {}],
    ["querying through it", `/v1/connections/${"ID"}/query`, { sql: "select 1" }],
  ])("%s answers PRIVATE_KEY_DSA on config.ssh_tunnel.private_key", async (_what, path, body) => {
    const response = await api("POST", path.replace("ID", id), { key: tenant.key, body });
    expect(response.status, response.text).toBe(422);
    expect(response.body.error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: [
        { path: "config.ssh_tunnel.private_key", code: "PRIVATE_KEY_DSA", message: expect.stringContaining("ssh-keygen -t ed25519") },
      ],
    });
    expect(JSON.stringify(await db().connection.findUniqueOrThrow({ where: { id } }))).toBe(rowBefore);
  });
});
