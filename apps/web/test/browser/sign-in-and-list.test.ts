import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createUser } from "@connections/api";
import { launchBrowser } from "../support/browser.ts";
import { newTenant, services, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { signOutFrom } from "../support/sign-in.ts";

let browser: Browser;
let tenant: Tenant;
let other: Tenant;
const password = "a long browser password";
let email: string;

beforeAll(async () => {
  browser = await launchBrowser();
  tenant = await newTenant("browser");
  other = await newTenant("browser-other");
  email = `ui-${Date.now()}@example.com`;
  await createUser(services(), { email, password, project_id: tenant.projectId });
  for (const [who, name] of [
    [tenant, "warehouse"],
    [other, "someone-elses"],
  ] as const) {
    const created = await api("POST", "/v1/connections", {
      key: who.key,
      body: {
        name,
        project_id: who.projectId,
        type: "dynamiq.connections.PostgreSQL",
        config: { host: "db.internal", database: "d", user: "u", password: "p", ssh_tunnel: { host: "bastion.internal", user: "dynamiq" } },
      },
    });
    expect(created.status).toBe(201);
  }
});
afterAll(() => browser?.close());

describe("sign-in and the Connections page, in a real browser", () => {
  it("sends a signed-out visitor to sign in, refuses a wrong password, then lists only the user's own connections", async () => {
    const page = await browser.newPage();
    await page.goto(`${target().baseUrl}/connections`);
    await page.waitForURL(/\/sign-in$/);

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    // Next adds its own role="alert" route announcer, so look for the form's message by id.
    await expect.poll(() => page.locator("#sign-in-error").textContent()).toBe("Email or password is incorrect");

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/connections$/);
    const rows = page.getByRole("row");
    await expect.poll(() => rows.count()).toBe(2);
    const row = await rows.nth(1).innerText();
    expect(row).toContain("warehouse");
    expect(row).toContain("PostgreSQL");
    expect(row).toContain("db.internal:5432");
    expect(row).toContain("via bastion.internal");
    expect(await page.content()).not.toContain("someone-elses");

    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "connections_session")).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    await signOutFrom(page);
    await page.goto(`${target().baseUrl}/connections`);
    await page.waitForURL(/\/sign-in$/);
  });

  it("after 10 wrong passwords for an account says on the page that it is locked and when to retry, and refuses the right password", async () => {
    // The server runs the default sign-in limits (the suite raises only the network-call rate).
    const locked = `locked-${Date.now()}@example.com`;
    await createUser(services(), { email: locked, password });
    const page = await browser.newPage();
    await page.goto(`${target().baseUrl}/sign-in`);
    const attempt = async (guess: string) => {
      await page.getByLabel("Email").fill(locked);
      await page.getByLabel("Password").fill(guess);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      await expect.poll(() => page.getByRole("button", { name: "Sign in" }).isEnabled()).toBe(true);
      return page.locator("#sign-in-error").textContent();
    };
    const messages = [];
    for (let i = 0; i < 10; i++) messages.push(await attempt(`wrong guess ${i}`));
    expect(messages.slice(0, 4)).toEqual(Array(4).fill("Email or password is incorrect"));
    expect(messages[9]).toMatch(
      /Too many failed sign-ins for this account: sign-in is locked\. Try again in 15 minutes \(after \d\d:\d\d:\d\d UTC\)\.$/,
    );
    expect(await attempt(password)).toMatch(/^Too many failed sign-ins for this account: sign-in is locked\. Try again in 15 minutes/);
    expect(page.url()).toMatch(/\/sign-in$/);
    expect((await page.context().cookies()).find((c) => c.name === "connections_session")).toBeUndefined();
  });
});
