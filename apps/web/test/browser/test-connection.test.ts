import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { launchBrowser } from "../support/browser.ts";
import { createConnection } from "../support/connections.ts";
import { newTenant, type Tenant } from "../support/fixtures.ts";
import { signInAs, userIn } from "../support/sign-in.ts";
import { saveScreenshot } from "../support/screenshot.ts";

let browser: Browser;
let lab: BastionLab;
let pg: PostgresServer;
let tenant: Tenant;
// A bastion that accepts TCP and never speaks: the SSH handshake waits until the test hangs up.
let silent: Server;
const silentSockets = new Set<Socket>();

beforeAll(async () => {
  browser = await launchBrowser();
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db, password: true });
  tenant = await newTenant("browser-test");
  const db = { host: lab.dbHost, port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password };
  await createConnection(tenant, "PostgreSQL", { ...db, ssh_tunnel: tunnelConfig(lab) }, "analytics-postgres");
  await createConnection(tenant, "PostgreSQL", { ...db, port: 1, ssh_tunnel: tunnelConfig(lab) }, "wrong-port");
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.once("close", () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const silentPort = (silent.address() as { port: number }).port;
  await createConnection(
    tenant,
    "PostgreSQL",
    { ...db, ssh_tunnel: tunnelConfig(lab, { host: "127.0.0.1", port: silentPort }) },
    "silent-bastion",
  );
});
afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  await browser?.close();
  await pg?.stop();
  await lab?.stop();
});

describe("the Test button, in a real browser through a real bastion", () => {
  it("shows every stage passing for a working connection, and the failed stage with its hint for a broken one", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await signInAs(page, await userIn(tenant));

    await page.getByRole("button", { name: "Test analytics-postgres" }).click();
    // The stages are in the popover of the row's last-test badge.
    await page.getByRole("button", { name: /test details for analytics-postgres$/ }).click();
    const good = page.getByRole("list", { name: "Test result for analytics-postgres" });
    await expect.poll(() => good.getByRole("listitem").count(), { timeout: 20_000 }).toBe(9);
    const statuses = await good
      .getByRole("listitem")
      .evaluateAll((items) => items.map((li) => [li.getAttribute("data-stage"), li.getAttribute("data-status")]));
    expect(statuses).toEqual([
      ["dns", "ok"],
      ["tcp", "ok"],
      ["ssh_handshake", "ok"],
      ["host_key", "ok"],
      ["ssh_auth", "ok"],
      ["forward", "ok"],
      ["db_tls", "skipped"],
      ["db_auth", "ok"],
      ["query", "ok"],
    ]);

    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Test wrong-port" }).click();
    await page.getByRole("button", { name: /test details for wrong-port$/ }).click();
    const bad = page.getByRole("list", { name: "Test result for wrong-port" });
    const failed = bad.locator('li[data-status="failed"]');
    await expect.poll(() => failed.count(), { timeout: 20_000 }).toBe(1);
    const text = await failed.innerText();
    expect(text).toContain("forward");
    expect(text).toContain("FORWARD_CONNECT_FAILED");
    expect(text).toContain("reachable from the bastion");
  });

  it("shows each stage as it ends, while the next one is still running", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await signInAs(page, await userIn(tenant));
    await page.getByRole("button", { name: "Test silent-bastion" }).click();
    await page.getByRole("button", { name: /test details for silent-bastion$/ }).click();
    const list = page.getByRole("list", { name: "Test result for silent-bastion" });
    await expect.poll(() => list.locator('li[data-status="ok"]').count(), { timeout: 20_000 }).toBe(2);
    // dns and tcp are shown while the handshake still waits on the silent bastion.
    expect(await list.getByRole("listitem").evaluateAll((items) => items.map((li) => li.getAttribute("data-stage")))).toEqual([
      "dns",
      "tcp",
    ]);
    expect(await page.getByRole("button", { name: "Test silent-bastion" }).innerText()).toBe("Testing…");
    expect(silentSockets.size).toBe(1);
    for (const socket of silentSockets) socket.destroy();
    await expect.poll(() => list.locator('li[data-status="failed"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await list.locator('li[data-status="failed"]').innerText()).toContain("ssh_handshake");
    await expect.poll(() => list.getByRole("listitem").count()).toBe(9);
  });

  it("runs SQL in the console (Ctrl+Enter) and shows rows, row count and errors", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await signInAs(page, await userIn(tenant));
    await page.getByRole("link", { name: "analytics-postgres", exact: true }).click();
    await page.waitForURL(/\/console$/);
    await page.getByLabel("SQL").fill("select id, name from items order by id");
    await page.getByLabel("SQL").press("Control+Enter");
    const table = page.getByRole("table", { name: "Query result" });
    await expect.poll(() => table.getByRole("row").count(), { timeout: 20_000 }).toBe(4);
    expect(await table.getByRole("row").nth(3).innerText()).toMatch(/3\s+three/);
    expect(await page.locator("#query-summary").innerText()).toMatch(/^3 rows in [\d.]+ ms$/);
    await saveScreenshot(page, "sql-console", { fullPage: true });

    await page.getByLabel("SQL").fill("select * from missing_table");
    await page.getByRole("button", { name: "Run" }).click();
    await expect.poll(() => page.locator("#query-error").textContent(), { timeout: 20_000 }).toContain("missing_table");
  });
});
