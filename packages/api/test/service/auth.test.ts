import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateAccessKey } from "../../src/auth/authenticate-access-key.ts";
import { authenticateSession } from "../../src/auth/authenticate-session.ts";
import { createAccessKey } from "../../src/auth/create-access-key.ts";
import { signIn, signOut } from "../../src/auth/sign-in.ts";
import { endSessions } from "../../src/sessions/end-sessions.ts";
import { expectRefusedUnchanged, refusal } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Tenant } from "./support/world.ts";

let services: ScratchServices;
let tenant: Tenant;

beforeAll(async () => {
  services = await openScratchServices();
  tenant = await newTenant(services, "auth");
});
afterAll(() => services?.close());

describe("sign-in and sessions", () => {
  it("a right password opens a session; its token authenticates the user with their projects", async () => {
    const { token, expiresAt } = await signIn(services, { email: tenant.user.email, password: tenant.user.password });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    const user = await authenticateSession(services, token);
    expect(user).toMatchObject({ kind: "user", id: tenant.user.id, email: tenant.user.email, projectIds: [tenant.projectId] });
    // The stored id is a hash of the token: the database holds no live session.
    expect(await services.db.session.count({ where: { id: token } })).toBe(0);
    expect((await callerFor(services, user).connection.list()).data).toEqual([]);
    await signOut(services, token);
    expect(await authenticateSession(services, token)).toBeNull();
  });

  it("a wrong password and an unknown email get the same answer, and no session", async () => {
    const wrong = await refusal(signIn(services, { email: tenant.user.email, password: "not-the-password" }));
    const unknown = await refusal(signIn(services, { email: "nobody@example.test", password: "not-the-password" }));
    expect(wrong.app.code).toBe("UNAUTHENTICATED");
    expect(unknown.app).toMatchObject({ code: wrong.app.code, message: wrong.app.message });
    expect(await services.db.session.count()).toBe(0);
    expect(JSON.stringify(services.events)).not.toContain("not-the-password");
    expect(services.events.map((e) => e.fields.event)).toEqual(["sign_in_failed", "sign_in_failed"]);
  });

  it("sessions end: every session of the user is refused from then on", async () => {
    const first = await signIn(services, { email: tenant.user.email, password: tenant.user.password });
    const second = await signIn(services, { email: tenant.user.email, password: tenant.user.password });
    expect(await endSessions(services, tenant.user.email)).toMatchObject({ id: tenant.user.id, sessions_ended: 2 });
    expect(await authenticateSession(services, first.token)).toBeNull();
    expect(await authenticateSession(services, second.token)).toBeNull();
    await expectRefusedUnchanged(services.db, () => endSessions(services, "usr_nobody"), "NOT_FOUND");
  });
});

describe("access keys", () => {
  it("a new key authenticates as its project and records when it was used", async () => {
    const key = await createAccessKey(services, tenant.projectId, "ci");
    expect(key.key).toMatch(/^cnk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const row = await services.db.accessKey.findUniqueOrThrow({ where: { id: key.id } });
    // The secret is everything after the id; being base64url it may itself contain "_".
    const secret = key.key.slice("cnk_".length + 17);
    expect(row.secretHash).not.toContain(secret);
    expect(row.lastUsedAt).toBeNull();
    expect(await authenticateAccessKey(services, `Bearer ${key.key}`)).toEqual({
      kind: "access_key",
      id: key.id,
      projectIds: [tenant.projectId],
    });
    expect((await services.db.accessKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).not.toBeNull();
  });

  it("a missing, malformed or wrong key is UNAUTHENTICATED and changes nothing", async () => {
    const [id] = tenant.accessKey.split("_").slice(1);
    for (const header of [undefined, "Basic abc", `Bearer ${tenant.accessKey}x`, `Bearer cnk_${id}_${"A".repeat(43)}`]) {
      await expectRefusedUnchanged(services.db, () => authenticateAccessKey(services, header), "UNAUTHENTICATED");
    }
  });

  it("a key for a project that does not exist is NOT_FOUND and nothing is stored", async () => {
    await expectRefusedUnchanged(services.db, () => createAccessKey(services, "prj_nowhere"), "NOT_FOUND");
  });
});
