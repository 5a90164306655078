import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db, target } from "../support/fixtures.ts";
import { api } from "../support/http.ts";

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** `npm run -s cli -- …` exactly as the README shows it, on the test server's database. */
async function cli(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: target().databaseUrl, CONNECTIONS_ENCRYPTION_KEY: target().encryptionKey };
  return execFileAsync("npm", ["run", "-s", "cli", "--", ...args], { cwd: ROOT, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe("admin CLI", () => {
  it("creates a project and an access key that the API accepts; the key is stored only as a hash", async () => {
    const project = await cli("projects", "create", "--name", "cli-project");
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
