import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAccessKey, createUser, SESSION_COOKIE, signIn } from "@connections/api";
import { parseDatabaseUrl } from "@connections/db";
import { recordFigure } from "@connections/testkit";
import { cli, cliJson, type CliResult } from "../support/admin-cli.ts";
import { db, newTenant, services, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { signInThroughForm } from "../support/sign-in-form.ts";

// Issue #11 finding 8: operators take access away with the CLI, and the running server refuses
// it on the very next request. Every refusal the tests expect is counted for figure S8.
const takenAway: { what: string; accepted: boolean }[] = [];
function expectRefused(what: string, accepted: boolean) {
  takenAway.push({ what, accepted });
  expect(accepted, what).toBe(false);
}

const DISABLED_MESSAGE = "This account is disabled: ask an administrator to enable it";

/** GET a tRPC query with a session cookie or an access key; the HTTP status. */
async function trpcStatus(procedure: string, input: unknown, auth: { cookie?: string; key?: string }) {
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.key) headers.authorization = `Bearer ${auth.key}`;
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return (await fetch(`${target().baseUrl}/api/trpc/${procedure}${query}`, { headers })).status;
}

/** Whether the Connections page renders for this cookie (200) or sends to sign-in (307). */
async function pageStatus(cookie: string) {
  const response = await fetch(`${target().baseUrl}/connections`, { headers: { cookie }, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location") };
}

async function person(tenant: Tenant, password = "a long operator-test password") {
  const email = `op-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const user = await createUser(services(), { email, password, project_id: tenant.projectId });
  return { id: user.id, email, password };
}

// A loopback address of this file's own, so the per-address sign-in throttle counts only its attempts.
const CLIENT_ADDRESS = "127.0.8.1";

/** Signs in through the built server's page: the session cookie, or the message the page shows. */
async function signInThroughPage(email: string, password: string): Promise<{ cookie: string } | { error: string }> {
  const answer = await signInThroughForm(target().baseUrl, CLIENT_ADDRESS, email, password);
  return answer.session ? { cookie: `${SESSION_COOKIE}=${answer.session}` } : { error: answer.message ?? "(no message shown)" };
}

async function sessionCookie(email: string, password: string) {
  const outcome = await signInThroughPage(email, password);
  if (!("cookie" in outcome)) throw new Error(`sign-in refused: ${outcome.error}`);
  return outcome.cookie;
}

/** Every stored column the operator commands could touch for this user and project. */
async function snapshot(userId: string, projectId: string) {
  const [user, sessions, keys] = await Promise.all([
    db().user.findUnique({ where: { id: userId } }),
    db().session.findMany({ where: { userId }, orderBy: { id: "asc" } }),
    db().accessKey.findMany({ where: { projectId }, orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ user, sessions, keys });
}

describe("operators take access away (CLI against the running server's database)", () => {
  it("revokes an access key: REST and tRPC refuse it on the next call; the list shows it revoked, never a secret", async () => {
    const tenant = await newTenant("revoke");
    const revokedId = tenant.key.split("_")[1]!;
    const other = await createAccessKey(services(), tenant.projectId, "ci");
    const list = `/v1/connections?project_id=${tenant.projectId}`;
    expect((await api("GET", list, { key: tenant.key })).status).toBe(200);

    const revoked = await cliJson("access-keys", "revoke", revokedId);
    expect(revoked).toMatchObject({ id: revokedId, project_id: tenant.projectId, revoked_at: expect.any(String) });

    const rest = await api("GET", list, { key: tenant.key });
    expect(rest.status).toBe(401);
    expect(rest.body.error.code).toBe("UNAUTHENTICATED");
    expectRefused("revoked key, REST", rest.status !== 401);
    expectRefused(
      "revoked key, tRPC",
      (await trpcStatus("connection.list", { project_id: tenant.projectId }, { key: tenant.key })) !== 401,
    );
    expect((await api("GET", list, { key: other.key })).status).toBe(200);

    const listed = await cli(["access-keys", "list", "--project", tenant.projectId]);
    expect(listed.code).toBe(0);
    const { data } = JSON.parse(listed.stdout);
    expect(data).toHaveLength(2);
    expect(data).toEqual(
      expect.arrayContaining([
        {
          id: revokedId,
          project_id: tenant.projectId,
          name: null,
          created_at: expect.any(String),
          last_used_at: expect.any(String),
          revoked_at: revoked.revoked_at,
        },
        {
          id: other.id,
          project_id: tenant.projectId,
          name: "ci",
          created_at: expect.any(String),
          last_used_at: expect.any(String),
          revoked_at: null,
        },
      ]),
    );
    const rows = await db().accessKey.findMany({ where: { projectId: tenant.projectId } });
    for (const secret of [tenant.key.slice(-43), other.key.slice(-43), ...rows.map((r) => r.secretHash)]) {
      expect(listed.stdout).not.toContain(secret);
    }

    // Revoking again changes nothing: the key keeps the time it was revoked.
    expect(await cliJson("access-keys", "revoke", revokedId)).toMatchObject({ revoked_at: revoked.revoked_at });
  }, 180_000);

  it("disables a user: their session cookie is refused on the next page and tRPC call, Chat too, and sign-in says the account is disabled", async () => {
    const tenant = await newTenant("disable");
    const user = await person(tenant);
    const cookie = await sessionCookie(user.email, user.password);
    const { token } = await signIn(services(), { email: user.email, password: user.password });
    const otherDevice = `${SESSION_COOKIE}=${token}`;
    expect(await pageStatus(cookie)).toMatchObject({ status: 200 });
    expect(await trpcStatus("connection.list", { project_id: tenant.projectId }, { cookie })).toBe(200);
    expect(await trpcStatus("chatConnector.list", undefined, { cookie: otherDevice })).toBe(200);

    const disabled = await cliJson("users", "disable", user.email);
    expect(disabled).toMatchObject({ id: user.id, email: user.email, disabled_at: expect.any(String), sessions_ended: 2 });

    const page = await pageStatus(cookie);
    expect(page.location).toMatch(/\/sign-in$/);
    expectRefused("disabled user's cookie, page", page.status !== 307);
    expectRefused(
      "disabled user's cookie, tRPC",
      (await trpcStatus("connection.list", { project_id: tenant.projectId }, { cookie })) !== 401,
    );
    expectRefused(
      "disabled user's other cookie, Chat",
      (await trpcStatus("chatConnector.list", undefined, { cookie: otherDevice })) !== 401,
    );
    const right = await signInThroughPage(user.email, user.password);
    expect(right).toEqual({ error: DISABLED_MESSAGE });
    expectRefused("disabled user's sign-in", "cookie" in right);
    // The same answer for a wrong password: it does not tell whether the password was right.
    expect(await signInThroughPage(user.email, "not the password at all")).toEqual({ error: DISABLED_MESSAGE });
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);

    const { data } = await cliJson("users", "list");
    expect(data.find((u: { id: string }) => u.id === user.id)).toEqual({
      id: user.id,
      email: user.email,
      name: null,
      created_at: expect.any(String),
      disabled_at: disabled.disabled_at,
      project_ids: [tenant.projectId],
    });
    expect(JSON.stringify(data)).not.toMatch(/scrypt\$/);

    expect(await cliJson("users", "enable", user.id)).toMatchObject({ id: user.id, disabled_at: null });
    const again = await sessionCookie(user.email, user.password);
    expect(await pageStatus(again)).toMatchObject({ status: 200 });
  }, 180_000);

  it("refuses a disabled user's session even when the session row survived (the lookup checks the user)", async () => {
    const tenant = await newTenant("disabled-lookup");
    const user = await person(tenant);
    const cookie = await sessionCookie(user.email, user.password);
    expect(await trpcStatus("connection.list", { project_id: tenant.projectId }, { cookie })).toBe(200);
    await db().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1);
    expectRefused(
      "disabled user's surviving session, tRPC",
      (await trpcStatus("connection.list", { project_id: tenant.projectId }, { cookie })) !== 401,
    );
    expectRefused("disabled user's surviving session, page", (await pageStatus(cookie)).status !== 307);
  }, 180_000);

  it("resets a password: the old one and the old sessions are refused, the new one (generated or given) works", async () => {
    const tenant = await newTenant("reset");
    const user = await person(tenant);
    const cookie = await sessionCookie(user.email, user.password);

    const reset = await cliJson("users", "reset-password", user.email);
    expect(reset).toMatchObject({
      id: user.id,
      email: user.email,
      sessions_ended: 1,
      password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
    });
    expectRefused(
      "old session after a reset, tRPC",
      (await trpcStatus("connection.list", { project_id: tenant.projectId }, { cookie })) !== 401,
    );
    const old = await signInThroughPage(user.email, user.password);
    expect(old).toEqual({ error: "Email or password is incorrect" });
    expectRefused("old password after a reset", "cookie" in old);
    const generated = await sessionCookie(user.email, reset.password);
    expect(await pageStatus(generated)).toMatchObject({ status: 200 });

    const chosen = "an operator-chosen password";
    const given = await cliJson("users", "reset-password", user.id, "--password", chosen);
    expect(given).toEqual({ id: user.id, email: user.email, sessions_ended: 1 });
    expectRefused("generated password after a second reset", "cookie" in (await signInThroughPage(user.email, reset.password)));
    expect(await pageStatus(await sessionCookie(user.email, chosen))).toMatchObject({ status: 200 });
  }, 180_000);

  it("ends a user's sessions: every cookie of theirs is refused, and they can sign in again", async () => {
    const tenant = await newTenant("sessions");
    const user = await person(tenant);
    const first = await sessionCookie(user.email, user.password);
    const second = await sessionCookie(user.email, user.password);

    expect(await cliJson("sessions", "end", "--user", user.id)).toEqual({ id: user.id, email: user.email, sessions_ended: 2 });
    for (const [what, cookie] of [
      ["first", first],
      ["second", second],
    ] as const) {
      expectRefused(
        `ended session (${what}), tRPC`,
        (await trpcStatus("connection.list", { project_id: tenant.projectId }, { cookie })) !== 401,
      );
    }
    expect(await pageStatus(await sessionCookie(user.email, user.password))).toMatchObject({ status: 200 });
    expect(await cliJson("sessions", "end", "--user", user.email.toUpperCase())).toMatchObject({ sessions_ended: 1 });
  }, 180_000);

  // The CLI's argument checks and lookups are the same code on either provider, and 17 CLI processes
  // cost half a minute: the PostgreSQL suite runs only the commands above, which change its rows.
  it.runIf(target().provider === "sqlite")(
    "explains bad ids, emails and flags with one message and a non-zero exit, and changes nothing",
    async () => {
      const tenant = await newTenant("bad-cli");
      const user = await person(tenant);
      await sessionCookie(user.email, user.password);
      const keyId = tenant.key.split("_")[1]!;
      const before = await snapshot(user.id, tenant.projectId);

      const cases: [string[], number, string][] = [
        [["access-keys", "revoke", "0123456789abcdef"], 1, "no access key with id 0123456789abcdef: `access-keys list` shows them"],
        [["access-keys", "revoke"], 2, "access-keys revoke needs ACCESS_KEY_ID"],
        [["access-keys", "revoke", keyId, "extra"], 2, "access-keys revoke takes only ACCESS_KEY_ID, not extra"],
        [["access-keys", "revoke", keyId, "--project", tenant.projectId], 2, "--project does not apply to access-keys revoke"],
        [["access-keys", "list", "--project", "prj_nope"], 1, "no project with id prj_nope"],
        [["users", "disable", "nobody@example.com"], 1, "no user with email nobody@example.com: `users list` shows them"],
        [["users", "disable", "usr_nope"], 1, "no user with id usr_nope: `users list` shows them"],
        [["users", "disable", user.email, "--password", "whatever it is"], 2, "--password does not apply to users disable"],
        [["users", "disable"], 2, "users disable needs EMAIL_OR_ID"],
        [["users", "list", "--bogus"], 2, "unknown option: --bogus"],
        [["users", "reset-password", user.email, "--password", "short"], 1, "Invalid request: password: must be at least 8 characters"],
        [["users", "reset-password", user.email, "--password"], 2, "--password needs a value"],
        [["users", "reset-password", "nobody@example.com"], 1, "no user with email nobody@example.com: `users list` shows them"],
        [["sessions", "end"], 2, "--user is required"],
        [["sessions", "end", "--user", user.email, "--name", "x"], 2, "--name does not apply to sessions end"],
        [["sessions", "end", "--user", "nobody@example.com"], 1, "no user with email nobody@example.com: `users list` shows them"],
        [["users", "delete", user.email], 2, "unknown command: users delete"],
      ];
      // Four CLI processes at a time: each one starts Node and Prisma.
      const results: CliResult[] = [];
      for (let i = 0; i < cases.length; i += 4) results.push(...(await Promise.all(cases.slice(i, i + 4).map(([args]) => cli(args)))));
      for (const [i, [args, code, message]] of cases.entries()) {
        const result = results[i]!;
        expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code, stdout: "" });
        const first = result.stderr.split("\n")[0]!;
        if (code === 2) expect(first).toBe(message);
        else
          expect(JSON.parse(first).error).toMatchObject({
            code: message.startsWith("Invalid") ? "VALIDATION_FAILED" : "NOT_FOUND",
            message,
          });
      }
      expect(await snapshot(user.id, tenant.projectId)).toBe(before);
    },
    300_000,
  );

  it.runIf(target().provider === "sqlite")("keeps the server's SQLite database and its side files readable only by their owner", () => {
    const database = parseDatabaseUrl(target().databaseUrl);
    if (database.provider !== "sqlite") throw new Error("the sqlite suite runs on a SQLite file");
    for (const suffix of ["", "-wal", "-shm"]) {
      const file = `${database.file}${suffix}`;
      expect({ file, mode: statSync(file).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
  });

  it("records figure S8", () => {
    const accepted = takenAway.filter((t) => t.accepted);
    expect(takenAway.length).toBe(13);
    expect(accepted).toEqual([]);
    recordFigure({
      id: "S8",
      measure:
        "requests with access an operator took away (revoked key, disabled user's cookies and sign-in, old password and sessions after a reset, ended sessions), on the next call",
      value: `${accepted.length} of ${takenAway.length} accepted`,
      target: "0 accepted",
    });
  });
});
