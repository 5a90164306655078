import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../support/browser.ts";
import { createConnection } from "../support/connections.ts";
import { db, newTenant, projectSnapshot, services, target, type Tenant } from "../support/fixtures.ts";
import { signInAs, userIn } from "../support/sign-in.ts";
import { saveScreenshot } from "../support/screenshot.ts";

// The edit form asks for the password again when the destination changes (SPEC §9): the server's
// SECRETS_REQUIRED lands on the Password field, nothing is saved, and typing it again saves.

const STORED = "stored-form-password";
let browser: Browser;
let tenant: Tenant;
let user: { email: string; password: string };

beforeAll(async () => {
  browser = await launchBrowser();
  tenant = await newTenant("form-secrets");
  user = await userIn(tenant);
});
afterAll(async () => {
  await browser?.close();
});

function fieldError(page: Page, label: string) {
  return page
    .locator("[data-field]")
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator(".field-error");
}

describe("the connection form when the destination changes", () => {
  it("shows 'must be entered again' on the password field, saves nothing, and saves once the password is typed", async () => {
    const id = await createConnection(
      tenant,
      "PostgreSQL",
      { host: "db.internal", database: "app", user: "app", password: STORED },
      "moving",
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInAs(page, user);
    await page.goto(`${target().baseUrl}/connections/${id}/edit`);
    const before = await projectSnapshot(tenant.projectId);

    await page.getByLabel("Host", { exact: true }).fill("db2.internal");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => fieldError(page, "Password").textContent()).toContain("must be entered again");
    expect(await fieldError(page, "Password").textContent()).toContain("destination changed (config.host)");
    expect(await page.locator("#form-status").count()).toBe(0);
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
    await saveScreenshot(
      page.locator("section").filter({ has: page.getByLabel("Password", { exact: true }) }),
      "connection-form-secrets-again",
    );

    await page.getByLabel("Password", { exact: true }).fill("new-form-password");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator("#form-status").textContent()).toBe("Saved.");
    const row = await db().connection.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(row.config).config.host).toBe("db2.internal");
    const sealed = JSON.parse(row.secrets) as Record<string, string>;
    expect(services().keyring.decrypt(sealed.password!, `connection:${id}:password`)).toBe("new-form-password");
    await page.close();
  });
});
