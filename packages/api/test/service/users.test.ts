import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateSession } from "../../src/auth/authenticate-session.ts";
import { signIn } from "../../src/auth/sign-in.ts";
import { createUser } from "../../src/users/create-user.ts";
import { disableUser, enableUser } from "../../src/users/disable-user.ts";
import { listUsers } from "../../src/users/list-users.ts";
import { resetPassword } from "../../src/users/reset-password.ts";
import { expectRefusedUnchanged, refusal } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { newTenant, type Tenant } from "./support/world.ts";

let services: ScratchServices;
let tenant: Tenant;

beforeAll(async () => {
  services = await openScratchServices();
  tenant = await newTenant(services, "users");
});
afterAll(() => services?.close());

const signInAs = (email: string, password: string) => signIn(services, { email, password });

describe("the operator's user commands", () => {
  it("users create stores a scrypt hash and the membership; users list shows neither hash nor password", async () => {
    const created = await createUser(services, {
      email: "ada@example.test",
      password: "ada-password-1",
      name: "Ada",
      project_id: tenant.projectId,
    });
    expect(created).toEqual({ id: expect.stringMatching(/^usr_/), email: "ada@example.test", project_ids: [tenant.projectId] });
    const row = await services.db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    const listed = await listUsers(services);
    expect(listed.data.map((u) => u.email)).toEqual([tenant.user.email, "ada@example.test"]);
    expect(listed.data[1]).toMatchObject({ name: "Ada", disabled_at: null, project_ids: [tenant.projectId] });
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|ada-password-1/);
  });

  it("users create refuses a taken email (CONFLICT) and an unknown project (NOT_FOUND), storing nothing", async () => {
    await expectRefusedUnchanged(
      services.db,
      () => createUser(services, { email: "ada@example.test", password: "another-password" }),
      "CONFLICT",
    );
    await expectRefusedUnchanged(
      services.db,
      () => createUser(services, { email: "bob@example.test", password: "bob-password-1", project_id: "prj_nowhere" }),
      "NOT_FOUND",
    );
  });

  it("users disable ends every session and refuses sign-in with one message, right password or not", async () => {
    const { token } = await signInAs("ada@example.test", "ada-password-1");
    const disabled = await disableUser(services, "ADA@example.test");
    expect(disabled).toMatchObject({ email: "ada@example.test", sessions_ended: 1 });
    expect(await authenticateSession(services, token)).toBeNull();
    const right = await refusal(signInAs("ada@example.test", "ada-password-1"));
    const wrong = await refusal(signInAs("ada@example.test", "wrong-password"));
    expect(right.app).toMatchObject({ code: "UNAUTHENTICATED", message: expect.stringMatching(/disabled/) });
    expect(wrong.app.message).toBe(right.app.message);
    // Disabling again keeps the first time.
    expect((await disableUser(services, disabled.id)).disabled_at).toEqual(disabled.disabled_at);
  });

  it("users enable lets them sign in again with the password they had", async () => {
    expect(await enableUser(services, "ada@example.test")).toMatchObject({ disabled_at: null });
    expect((await signInAs("ada@example.test", "ada-password-1")).token).toEqual(expect.any(String));
  });

  it("users reset-password: a generated password shown once, the old one refused, sessions ended", async () => {
    const { token } = await signInAs("ada@example.test", "ada-password-1");
    const reset = await resetPassword(services, "ada@example.test");
    expect(reset).toMatchObject({ email: "ada@example.test", sessions_ended: 2, password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
    expect(await authenticateSession(services, token)).toBeNull();
    expect((await refusal(signInAs("ada@example.test", "ada-password-1"))).app.code).toBe("UNAUTHENTICATED");
    expect((await signInAs("ada@example.test", reset.password!)).token).toEqual(expect.any(String));
    const given = await resetPassword(services, "ada@example.test", "chosen-password-1");
    expect(given).not.toHaveProperty("password");
    expect((await signInAs("ada@example.test", "chosen-password-1")).token).toEqual(expect.any(String));
  });

  it("an unknown user is NOT_FOUND for disable, enable and reset-password, and nothing changes", async () => {
    for (const call of [
      () => disableUser(services, "nobody@example.test"),
      () => enableUser(services, "usr_nobody"),
      () => resetPassword(services, "usr_nobody", "whatever-password"),
    ]) {
      await expectRefusedUnchanged(services.db, call, "NOT_FOUND");
    }
  });
});
