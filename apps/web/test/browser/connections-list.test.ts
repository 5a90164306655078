import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { horizontalOverflow, seriousAxeViolations } from "../support/axe.ts";
import { startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { launchBrowser } from "../support/browser.ts";
import { createConnection } from "../support/connections.ts";
import { newTenant, target, type Tenant } from "../support/fixtures.ts";
import { saveScreenshot } from "../support/screenshot.ts";
import { signInAs, userIn } from "../support/sign-in.ts";

let browser: Browser;
let lab: BastionLab;
let pg: PostgresServer;
let tenant: Tenant;
let user: { email: string; password: string };
let database: { host: string; port: number; database: string; user: string; password: string };

beforeAll(async () => {
  browser = await launchBrowser();
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db, password: true });
  tenant = await newTenant("connections-list");
  user = await userIn(tenant);
  database = { host: lab.dbHost, port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password };
  await createConnection(tenant, "PostgreSQL", { ...database, ssh_tunnel: tunnelConfig(lab) }, "analytics-postgres");
  await createConnection(tenant, "PostgreSQL", { ...database, port: 1, ssh_tunnel: tunnelConfig(lab) }, "wrong-port");
  await createConnection(tenant, "PostgreSQL", { host: "127.0.0.1", port: 1, database: "d", user: "u", password: "p" }, "direct-refused");
});
afterAll(async () => {
  await browser?.close();
  await pg?.stop();
  await lab?.stop();
});

async function signedIn(width: number, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await signInAs(page, user);
  return page;
}

const row = (page: Page, name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
const details = (page: Page, name: string) => page.getByRole("button", { name: new RegExp(`test details for ${name}$`) });

async function height(locator: Locator): Promise<number> {
  return (await locator.boundingBox())!.height;
}

/** Runs Test from the row and waits until its badge says how it ended. */
async function runTest(page: Page, name: string, outcome: string): Promise<void> {
  await page.getByRole("button", { name: `Test ${name}` }).click();
  await expect.poll(() => details(page, name).innerText(), { timeout: 30_000 }).toMatch(new RegExp(`^${outcome}`));
}

describe("the Connections list, in a real browser through a real bastion", () => {
  it("shows a test as a compact badge, its stages in plain words in a popover that Escape closes; the row keeps its height", async () => {
    const page = await signedIn(1100);
    const analytics = row(page, "analytics-postgres");
    expect(await analytics.innerText()).toContain("Not tested");
    const before = await height(analytics);

    await runTest(page, "analytics-postgres", "Passed");
    expect(await height(analytics)).toBe(before);
    expect(await analytics.innerText()).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d\d:\d\d UTC/);

    await details(page, "analytics-postgres").click();
    const popover = page.getByRole("dialog", { name: "Test of analytics-postgres" });
    const stages = popover.getByRole("list", { name: "Test result for analytics-postgres" });
    await expect.poll(() => stages.getByRole("listitem").count()).toBe(9);
    const handshake = await stages.locator('li[data-stage="ssh_handshake"]').innerText();
    expect(handshake).toContain("SSH handshake");
    expect(handshake).toContain("ssh_handshake");
    expect(handshake).toMatch(/[\d.]+ ms/);
    const tls = await stages.locator('li[data-stage="db_tls"]').innerText();
    expect(tls).toContain("Database TLS");
    expect(tls).toContain("skipped: no TLS configured");
    expect(await height(analytics)).toBe(before);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, "connection-test-popover");

    await page.keyboard.press("Escape");
    await expect.poll(() => popover.count()).toBe(0);
    expect(await details(page, "analytics-postgres").evaluate((button) => button === document.activeElement)).toBe(true);
  });

  it("names the failed stage on the badge and gives its code, message, hint and why later stages were skipped", async () => {
    const page = await signedIn(1100);
    await runTest(page, "wrong-port", "Failed at Tunnel to database");
    await details(page, "wrong-port").click();
    const stages = page.getByRole("list", { name: "Test result for wrong-port" });
    const failed = await stages.locator('li[data-status="failed"]').innerText();
    expect(failed).toContain("Tunnel to database");
    expect(failed).toContain("FORWARD_CONNECT_FAILED");
    expect(failed).toContain("reachable from the bastion");
    expect(await stages.locator('li[data-stage="db_auth"]').innerText()).toContain("skipped: an earlier stage failed");
    await page.keyboard.press("Escape");

    await runTest(page, "direct-refused", "Failed at TCP connection");
    await details(page, "direct-refused").click();
    expect(
      await page.getByRole("list", { name: "Test result for direct-refused" }).locator('li[data-stage="ssh_auth"]').innerText(),
    ).toContain("skipped: no SSH tunnel");
    await page.keyboard.press("Escape");

    // After a reload the stored results are shown the same way, passed and failed side by side.
    await page.reload();
    await expect.poll(() => details(page, "wrong-port").innerText()).toMatch(/^Failed at Tunnel to database/);
    await details(page, "wrong-port").click();
    expect(await page.getByRole("dialog", { name: "Test of wrong-port" }).innerText()).toContain("FORWARD_CONNECT_FAILED");
    await page.keyboard.press("Escape");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, "connections-page", { fullPage: true });
  });

  it("has one labelled Actions column with Test, Edit and Delete, usable from the keyboard; Delete asks first", async () => {
    await createConnection(tenant, "PostgreSQL", { host: "db.internal", database: "d", user: "u", password: "p" }, "to-delete");
    const page = await signedIn(1100);
    const headers = await page.getByRole("columnheader").allInnerTexts();
    expect(headers).toEqual(["Name", "Type", "Host", "Last test", "Actions"]);
    const actions = row(page, "to-delete").getByRole("cell").last();
    for (const name of ["Test to-delete", "Edit to-delete", "Delete to-delete"]) {
      expect(await actions.getByRole(name.startsWith("Edit") ? "link" : "button", { name }).isVisible()).toBe(true);
    }

    await page.getByRole("button", { name: "Delete to-delete" }).focus();
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("alertdialog", { name: "Delete to-delete?" });
    await confirm.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await row(page, "to-delete").count()).toBe(1);

    await page.getByRole("button", { name: "Delete to-delete" }).click();
    await confirm.getByRole("button", { name: "Delete connection" }).click();
    await expect.poll(() => row(page, "to-delete").count()).toBe(0);
    await expect.poll(() => page.getByText("Connection deleted", { exact: true }).count()).toBe(1);
  });

  it("at 390 px shows cards with every action in view, no sideways scroll and a one-line top bar", async () => {
    const page = await signedIn(390, 844);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await height(page.locator("body > header"))).toBeLessThanOrEqual(64);
    expect(await page.getByRole("table").isVisible()).toBe(false);
    const cards = page.getByRole("list", { name: "Connections" }).getByRole("listitem");
    expect(await cards.count()).toBeGreaterThanOrEqual(3);
    for (const name of ["analytics-postgres", "wrong-port", "direct-refused"]) {
      for (const control of [
        page.getByRole("button", { name: `Test ${name}` }),
        page.getByRole("link", { name: `Edit ${name}` }),
        page.getByRole("button", { name: `Delete ${name}` }),
      ]) {
        await control.scrollIntoViewIfNeeded();
        const box = (await control.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
      }
    }
    await runTest(page, "direct-refused", "Failed at TCP connection");
    await details(page, "direct-refused").click();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
  });

  it("after Test then Create lands on the list with a toast and shows the test that passed", async () => {
    const page = await signedIn(1100);
    await page.getByRole("link", { name: "New connection" }).click();
    await page.waitForURL(/\/connections\/new$/);
    await page.getByLabel("Name").fill("created-after-test");
    await page.getByLabel("Type").selectOption({ label: "PostgreSQL" });
    await page.getByLabel("Host", { exact: true }).fill(database.host);
    await page.getByLabel("Port", { exact: true }).fill(String(database.port));
    await page.getByLabel("Database").fill(database.database);
    await page.getByLabel("User", { exact: true }).fill(database.user);
    await page.getByLabel("Password", { exact: true }).fill(database.password);
    await page.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
    const tunnel = tunnelConfig(lab);
    await page.getByLabel("Bastion host").fill(tunnel.host);
    await page.getByLabel("SSH port").fill(String(tunnel.port));
    await page.getByLabel("SSH user").fill(tunnel.user);
    await page.getByLabel("Private key", { exact: true }).fill(lab.key.privateKey);
    await page.getByRole("button", { name: "Test", exact: true }).click();
    const result = page.getByRole("list", { name: "Test result", exact: true });
    await expect.poll(() => result.locator('li[data-status="ok"]').count(), { timeout: 30_000 }).toBe(8);

    await page.getByRole("button", { name: "Create connection" }).click();
    await page.waitForURL(/\/connections$/);
    await expect.poll(() => page.getByText("Connection created", { exact: true }).count()).toBe(1);
    expect(await details(page, "created-after-test").innerText()).toMatch(/^Passed/);
    await saveScreenshot(page, "connection-created");
  });

  it("shows a friendly empty state, and the sign-in and home pages pass axe with one h1 each", async () => {
    const empty = await newTenant("connections-empty");
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${target().baseUrl}/`);
    expect(await page.getByRole("heading", { level: 1 }).count()).toBe(1);
    expect(await page.getByRole("link", { name: /API docs/ }).getAttribute("href")).toBe("/v1/openapi.json");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Sign in to Connections");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await signInAs(page, await userIn(empty));
    expect(await page.getByRole("heading", { level: 1 }).count()).toBe(1);
    expect(await page.getByRole("heading", { level: 2 }).innerText()).toBe("No connections yet");
    expect(await page.getByRole("main").innerText()).toContain("POST /v1/connections");
    expect(await page.getByRole("link", { name: "New connection" }).count()).toBeGreaterThanOrEqual(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
