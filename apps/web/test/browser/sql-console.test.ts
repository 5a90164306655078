import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { horizontalOverflow, seriousAxeViolations } from "../support/axe.ts";
import { launchBrowser } from "../support/browser.ts";
import { createConnection } from "../support/connections.ts";
import { cspViolations } from "../support/csp-violations.ts";
import { newTenant, target, type Tenant } from "../support/fixtures.ts";
import { saveScreenshot } from "../support/screenshot.ts";
import { signInAs, userIn } from "../support/sign-in.ts";
import { trpcClient } from "../support/trpc-client.ts";

// The SQL console and Chat on a real PostgreSQL: the CodeMirror editor and the result table.

let browser: Browser;
let pg: PostgresServer;
let tenant: Tenant;
let connectionId: string;
let config: { host: string; port: number; database: string; user: string; password: string };

beforeAll(async () => {
  browser = await launchBrowser();
  pg = await startPostgres({ password: true });
  tenant = await newTenant("sql-console");
  config = { host: pg.host, port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password };
  connectionId = await createConnection(tenant, "PostgreSQL", config, "console-pg");
});
afterAll(async () => {
  await browser?.close();
  await pg?.stop();
});

// 60 rows: id (int), maybe (NULL in row 1), literal (the text 'NULL'), amount (numeric), body (201 characters).
const SAMPLE = `select g as id,
  case when g = 1 then null else 'v' || g end as maybe,
  'NULL' as literal,
  g * 1.5 as amount,
  repeat('long ', 40) || g as body
from generate_series(1, 60) g`;
const BODY_1 = `${"long ".repeat(40)}1`;

async function signedIn(viewport = { width: 1200, height: 900 }): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await browser.newContext({ viewport, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const violations = cspViolations(page);
  await signInAs(page, await userIn(tenant));
  return { context, page, violations };
}

const textAlign = (cell: Locator) => cell.evaluate((element) => getComputedStyle(element).textAlign);

describe("the SQL console, in a real browser on a real PostgreSQL", () => {
  it("highlights SQL, runs it with Ctrl+Enter, and shows NULL, numbers, long values and a sticky header", async () => {
    const { context, page, violations } = await signedIn();
    await page.goto(`${target().baseUrl}/connections/${connectionId}/console`);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("SQL console · console-pg");
    expect(await page.getByRole("link", { name: "← Connections" }).getAttribute("href")).toBe("/connections");

    const editor = page.getByRole("textbox", { name: "SQL" });
    await editor.fill(SAMPLE);
    // The keyword is a highlighted token, coloured unlike the plain text around it.
    const keyword = editor.locator(".tok-keyword", { hasText: /^select$/ });
    await expect.poll(() => keyword.count()).toBe(1);
    const colours = await editor.evaluate((content) => {
      const token = content.querySelector(".tok-keyword")!;
      return { token: getComputedStyle(token).color, text: getComputedStyle(content).color };
    });
    expect(colours.token).not.toBe(colours.text);
    // CodeMirror's styles come in a <style> element; under the page's CSP it needs the nonce to apply.
    const styled = await page.evaluate(() => ({
      element: Array.from(document.querySelectorAll("style")).some(
        (style) => style.nonce !== "" && Array.from(style.sheet?.cssRules ?? []).some((rule) => rule.cssText.includes(".cm-scroller")),
      ),
      radius: getComputedStyle(document.querySelector(".cm-editor")!).borderTopLeftRadius,
    }));
    expect(styled).toEqual({ element: true, radius: "6px" });

    await editor.press("Control+Enter");
    const table = page.getByRole("table", { name: "Query result" });
    await expect.poll(() => table.getByRole("row").count(), { timeout: 20_000 }).toBe(61);
    expect(await page.locator("#query-summary").innerText()).toMatch(/^60 rows in [\d.]+ ms$/);
    expect(await table.getByRole("columnheader").allInnerTexts()).toEqual(["#", "id", "maybe", "literal", "amount", "body"]);

    const first = table.getByRole("row").nth(1).getByRole("cell");
    // SQL NULL is a muted, italic NULL tag; the text 'NULL' is plain text.
    const sqlNull = first.nth(1);
    const textNull = first.nth(2);
    expect(await sqlNull.innerText()).toBe("NULL");
    expect(await textNull.innerText()).toBe("NULL");
    const looks = (cell: Locator) =>
      cell.evaluate((td) => {
        const shown = td.firstElementChild ?? td;
        return {
          style: getComputedStyle(shown).fontStyle,
          colour: getComputedStyle(shown).color,
          tag: td.querySelector("[data-null]") !== null,
        };
      });
    const nullLook = await looks(sqlNull);
    const textLook = await looks(textNull);
    expect(nullLook).toMatchObject({ style: "italic", tag: true });
    expect(textLook).toMatchObject({ style: "normal", tag: false });
    expect(nullLook.colour).not.toBe(textLook.colour);

    // Numbers (int, numeric) are right-aligned, text is not.
    expect(await textAlign(first.nth(0))).toBe("right");
    expect(await first.nth(3).innerText()).toBe("1.5");
    expect(await textAlign(first.nth(3))).toBe("right");
    expect(await textAlign(table.getByRole("columnheader", { name: "amount" }))).toBe("right");
    expect(await textAlign(first.nth(2))).toBe("left");
    expect(await first.nth(3).evaluate((td) => getComputedStyle(td).fontVariantNumeric)).toBe("tabular-nums");

    // A long value shows its start, and all of it on request.
    const body = first.nth(4);
    expect(await body.innerText()).toBe(`${BODY_1.slice(0, 120)}…`);
    const expand = body.getByRole("button", { name: "Show all of body (201 characters)" });
    expect(await expand.getAttribute("aria-expanded")).toBe("false");
    await expand.click();
    await expect.poll(() => body.innerText()).toBe(BODY_1);
    expect(await body.getByRole("button", { name: "Show less of body" }).getAttribute("aria-expanded")).toBe("true");

    // The header row stays in view when the table is scrolled to its end.
    const region = page.getByRole("region", { name: "Query result, scrollable" });
    const scrolled = await region.evaluate((box) => {
      // Expand scrolled the table sideways to its button; back to the first column, down to the end.
      box.scrollLeft = 0;
      box.scrollTop = box.scrollHeight;
      return box.scrollTop;
    });
    expect(scrolled).toBeGreaterThan(500);
    const boxTop = (await region.boundingBox())!.y;
    const header = table.getByRole("columnheader", { name: "id" });
    await expect.poll(async () => Math.abs((await header.boundingBox())!.y - boxTop)).toBeLessThan(2);
    expect(
      await header.evaluate((th) => {
        const { x, y, width, height } = th.getBoundingClientRect();
        return document.elementFromPoint(x + width / 2, y + height / 2) === th;
      }),
    ).toBe(true);
    expect(await table.getByRole("row").last().isVisible()).toBe(true);

    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it("copies a row as TSV and a single value, and downloads the result as CSV and JSON", async () => {
    const { context, page } = await signedIn();
    await page.goto(`${target().baseUrl}/connections/${connectionId}/console`);
    const editor = page.getByRole("textbox", { name: "SQL" });
    await editor.fill("select 1 as id, null as gone, 'a\tb' as tabbed, 'NULL' as literal");
    await page.getByRole("button", { name: "Run" }).click();
    const table = page.getByRole("table", { name: "Query result" });
    await expect.poll(() => table.getByRole("row").count(), { timeout: 20_000 }).toBe(2);

    const rowMenu = table.getByRole("button", { name: "Row 1 actions" });
    await rowMenu.focus();
    await page.keyboard.press("Enter");
    const copyRow = page.getByRole("menuitem", { name: "Copy row (TSV)" });
    await expect.poll(() => copyRow.evaluate((item) => item === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    // NULL is an empty field; a tab inside a value is escaped so the row stays one line.
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("1\t\ta\\tb\tNULL");
    await expect.poll(() => page.getByText("Row 1, tab-separated").count()).toBe(1);

    await rowMenu.click();
    await page.getByRole("menuitem", { name: "tabbed" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("a\tb");
    await expect.poll(() => page.getByText("tabbed of row 1").count()).toBe(1);

    // Downloads: the statement that made the result, also after an edit; CSV runs it again as an export.
    await editor.fill("select 2 as edited");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
    expect(csv.suggestedFilename()).toBe("console-pg.csv");
    expect(await readFile((await csv.path())!, "utf8")).toBe("id,gone,tabbed,literal\r\n1,,a\tb,NULL\r\n");
    const [json] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSON" }).click()]);
    expect(json.suggestedFilename()).toBe("console-pg.json");
    expect(JSON.parse(await readFile((await json.path())!, "utf8"))).toMatchObject({ rows: [[1, null, "a\tb", "NULL"]], row_count: 1 });
    await context.close();
  });

  it("the Audit page lists the console's statements as the user's and filters them by outcome", async () => {
    const { context, page } = await signedIn();
    await page.goto(`${target().baseUrl}/connections/${connectionId}/console`);
    const editor = page.getByRole("textbox", { name: "SQL" });
    await editor.fill("select 42 as answer");
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByRole("table", { name: "Query result" }).waitFor();
    await editor.fill("select * from no_such_table");
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByRole("group", { name: "Query error" }).waitFor();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
    await page.waitForURL(/\/audit$/);
    const log = page.getByRole("table", { name: "Audit log" });
    const mine = log.getByRole("row").filter({ hasText: "you" });
    await expect.poll(() => mine.filter({ hasText: "select 42 as answer" }).count()).toBe(1);
    expect(await mine.filter({ hasText: "select 42 as answer" }).innerText()).toMatch(/connection\.query[\s\S]*console-pg[\s\S]*ok/);

    await page.getByLabel("Outcome").selectOption("error");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/outcome=error/);
    await expect.poll(() => mine.filter({ hasText: "no_such_table" }).count()).toBe(1);
    expect(await mine.filter({ hasText: "no_such_table" }).innerText()).toContain("QUERY_FAILED");
    expect(await log.getByText("select 42 as answer").count()).toBe(0);
    await context.close();
  });

  it("History lists the user's own recent statements, each once, newest first, and runs the one chosen again", async () => {
    const { context, page } = await signedIn();
    await page.goto(`${target().baseUrl}/connections/${connectionId}/console`);
    const editor = page.getByRole("textbox", { name: "SQL" });
    const table = page.getByRole("table", { name: "Query result" });
    for (const sql of ["select 'first' as pick", "select 'second' as pick", "select 'first' as pick"]) {
      await editor.fill(sql);
      await page.getByRole("button", { name: "Run" }).click();
      await expect.poll(() => table.innerText(), { timeout: 20_000 }).toContain(sql.includes("first") ? "first" : "second");
    }
    // Another member's statement on the same connection is theirs only.
    const other = await signedIn();
    await other.page.goto(`${target().baseUrl}/connections/${connectionId}/console`);
    await other.page.getByRole("textbox", { name: "SQL" }).fill("select 'not yours' as pick");
    await other.page.getByRole("button", { name: "Run" }).click();
    await other.page.getByRole("table", { name: "Query result" }).waitFor();
    await other.context.close();

    await editor.fill("select 'typed, not run' as pick");
    await page.getByRole("button", { name: "History" }).click();
    const menu = page.getByRole("menu", { name: "History" });
    const items = menu.getByRole("menuitem");
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.allInnerTexts()).toEqual([
      expect.stringMatching(/^select 'first' as pick\s+\w{3} \d+, \d\d:\d\d UTC · 1 row$/),
      expect.stringMatching(/^select 'second' as pick\s/),
    ]);
    await saveScreenshot(page, "console-history");
    await items.nth(1).click();
    await expect.poll(() => table.innerText(), { timeout: 20_000 }).toContain("second");
    expect(await editor.innerText()).toBe("select 'second' as pick");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it("fits a 390 px screen: the editor and the table scroll inside themselves, the page does not", async () => {
    const { context, page, violations } = await signedIn({ width: 390, height: 800 });
    await page.goto(`${target().baseUrl}/connections/${connectionId}/console`);
    const editor = page.getByRole("textbox", { name: "SQL" });
    await editor.fill(`select ${Array.from({ length: 30 }, (_, i) => `${i} as column_number_${i}`).join(", ")}`);
    await editor.press("Control+Enter");
    const table = page.getByRole("table", { name: "Query result" });
    await expect.poll(() => table.getByRole("row").count(), { timeout: 20_000 }).toBe(2);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });
});

describe("Chat's composer and replies, in a real browser on a real PostgreSQL", () => {
  it("highlights the message, answers with the result table, and shows errors in the danger tone, at 1200 and 390 px", async () => {
    const { context, page, violations } = await signedIn();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await trpcClient({ cookie }).chatConnector.create.mutate({ name: "chat-pg", type: "dynamiq.connections.PostgreSQL", config });
    await page.goto(`${target().baseUrl}/chat`);
    const message = page.getByRole("textbox", { name: "Message" });
    await message.fill("select id, name, null as note from items order by id");
    await expect.poll(() => message.locator(".tok-keyword").count()).toBeGreaterThan(0);
    await message.press("Enter");
    const table = page.getByRole("table", { name: "Result of message 1" });
    await expect.poll(() => table.getByRole("row").count(), { timeout: 20_000 }).toBe(4);
    expect(await table.getByRole("row").nth(1).getByRole("cell").nth(2).locator("[data-null]").count()).toBe(1);

    await message.fill("select * from missing_table");
    await message.press("Enter");
    const error = page.getByRole("group", { name: "Error for message 2" });
    await expect.poll(() => error.count(), { timeout: 20_000 }).toBe(1);
    expect(await error.innerText()).toMatch(/^The query failed QUERY_FAILED\s+[^\n]*missing_table[\s\S]*\nFailed at query: Fix the SQL/);
    // The danger tone: the line saying what failed has the page's danger colour.
    const tone = await error.evaluate((box) => {
      const probe = document.createElement("span");
      probe.style.color = "var(--danger)";
      document.body.append(probe);
      const danger = getComputedStyle(probe).color;
      probe.remove();
      return { heading: getComputedStyle(box.querySelector("p")!).color, danger };
    });
    expect(tone.heading).toBe(tone.danger);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The reply's downloads: CSV runs the message again on the connector, JSON saves the rows shown.
    const downloads = page.getByRole("group", { name: "Download the result of message 1" });
    const [csv] = await Promise.all([page.waitForEvent("download"), downloads.getByRole("button", { name: "Download CSV" }).click()]);
    expect(csv.suggestedFilename()).toBe("chat-pg.csv");
    expect(await readFile((await csv.path())!, "utf8")).toBe("id,name,note\r\n1,one,\r\n2,two,\r\n3,three,\r\n");
    const [json] = await Promise.all([page.waitForEvent("download"), downloads.getByRole("button", { name: "Download JSON" }).click()]);
    expect(JSON.parse(await readFile((await json.path())!, "utf8"))).toMatchObject({ row_count: 3 });

    // History sends a past message again, as a new message of the thread.
    await page.getByRole("button", { name: "History" }).click();
    const items = page.getByRole("menu", { name: "History" }).getByRole("menuitem");
    await expect.poll(() => items.count()).toBe(2);
    await items.filter({ hasText: "from items" }).click();
    await expect.poll(() => page.getByRole("table", { name: "Result of message 3" }).getByRole("row").count(), { timeout: 20_000 }).toBe(4);

    await page.setViewportSize({ width: 390, height: 800 });
    await saveScreenshot(page, "chat-reply-phone", { fullPage: true });
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });
});
