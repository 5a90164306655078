import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { launchBrowser } from "../support/browser.ts";
import { createConnection } from "../support/connections.ts";
import { newTenant, type Tenant } from "../support/fixtures.ts";
import { signInAs, userIn } from "../support/sign-in.ts";

let browser: Browser;
let pg: PostgresServer;
let tenant: Tenant;

beforeAll(async () => {
  browser = await launchBrowser();
  pg = await startPostgres({ password: true });
  tenant = await newTenant("bytes-notice");
  await createConnection(
    tenant,
    "PostgreSQL",
    { host: pg.host, port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password },
    "big-results",
  );
});
afterAll(async () => {
  await browser?.close();
  await pg?.stop();
});

describe("the SQL console's truncation notice", () => {
  it("names the limit that cut the result, and marks a value cut to fit max_bytes", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await signInAs(page, await userIn(tenant));
    await page.getByRole("link", { name: "big-results", exact: true }).click();
    await page.waitForURL(/\/console$/);
    const summary = page.locator("#query-summary");
    const notice = page.getByRole("note");

    await page.getByLabel("SQL").fill("select g from generate_series(1, 1500) g");
    await page.getByRole("button", { name: "Run" }).click();
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toMatch(/^1000 rows in [\d.]+ ms$/);
    expect(await notice.textContent()).toBe("Showing the first 1000 rows: the result has more rows (max_rows).");

    // One 11 MB value: larger than the default max_bytes (10 MiB) on its own.
    await page.getByLabel("SQL").fill("select 7 as id, repeat('y', 11000000) as body");
    await page.getByRole("button", { name: "Run" }).click();
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/^1 row in [\d.]+ ms$/);
    expect(await notice.textContent()).toBe(
      "Showing the first 1 row: the result was cut at 10 MB (max_bytes); 1 value was cut to fit (marked ✂).",
    );
    const cells = page.getByRole("table", { name: "Query result" }).getByRole("row").nth(1).getByRole("cell");
    expect(await cells.nth(0).textContent()).toBe("7");
    expect(await cells.nth(1).getByTitle("Cut to fit max_bytes").count()).toBe(1);
  });
});
