import { userInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { cli as adminCli } from "../support/admin-cli.ts";
import { db } from "../support/fixtures.ts";
import { api } from "../support/http.ts";

/** The CLI on the test server's database, as `npm run -s cli` starts it but without npm in between. */
const cli = (...args: string[]) => adminCli(args);
/** `npm run -s cli -- …` exactly as the README shows it: one call keeps that whole path tested. */
const npmCli = (...args: string[]) => adminCli(args, {}, { viaNpm: true });

describe("admin CLI", () => {
  it("creates a project and an access key that the API accepts; the key is stored only as a hash", async () => {
    const project = await npmCli("projects", "create", "--name", "cli-project");
    expect(project.code).toBe(0);
    const { id, name } = JSON.parse(project.stdout);
    expect(name).toBe("cli-project");
    const created = await cli("access-keys", "create", "--project", id);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({ project_id: id, key: expect.stringMatching(/^cnk_[0-9a-f]{16}_/) });
    const listed = await api("GET", `/v1/connections?project_id=${id}`, { key: key.key });
    expect(listed.status).toBe(200);
    const row = await db().accessKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(row)).not.toContain(key.key.slice(-43));
    // Each change is audited as the OS account that ran the CLI, naming what it acted on.
    const audit = await db().auditEvent.findMany({ where: { targetId: { in: [id, key.id] } }, orderBy: { id: "asc" } });
    expect(audit.map((e) => [e.action, e.actorType, e.actorId, e.projectId, e.targetId, e.outcome])).toEqual([
      ["project.create", "operator", userInfo().username, id, id, "ok"],
      ["access_key.create", "operator", userInfo().username, id, key.id, "ok"],
    ]);
    expect(JSON.stringify(audit)).not.toContain(key.key.slice(-43));
  }, 60_000);

  it("creates a user; a second user with the same email is a conflict", async () => {
    const email = `cli-${Date.now()}@example.com`;
    const first = await cli("users", "create", "--email", email, "--password", "long enough password");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ email });
    const stored = await db().user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    const second = await cli("users", "create", "--email", email, "--password", "long enough password");
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stderr).error.code).toBe("CONFLICT");
    const created = await db().auditEvent.findMany({ where: { actorType: "operator", targetId: stored.id } });
    expect(created.map((e) => [e.action, e.outcome])).toEqual([["user.create", "ok"]]);
    // The refused second create is recorded too, without naming anything from its arguments.
    const refused = await db().auditEvent.findFirstOrThrow({
      where: { action: "user.create", code: "CONFLICT", at: { gte: created[0]!.at } },
      orderBy: { id: "desc" },
    });
    expect(refused).toMatchObject({ actorType: "operator", outcome: "error", targetId: null });
    expect(JSON.stringify(await db().auditEvent.findMany({ where: { actorType: "operator" } }))).not.toContain("long enough password");
  }, 60_000);

  it("explains usage errors and unknown projects", async () => {
    const missing = await cli("projects", "create");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--name is required");
    const unknown = await cli("access-keys", "create", "--project", "prj_nope");
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr).error).toMatchObject({ code: "NOT_FOUND" });
  }, 60_000);
});
