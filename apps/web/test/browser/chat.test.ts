import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { SESSION_COOKIE, type AppRouter } from "@connections/api";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { startBastionLab, type BastionLab } from "../support/bastion-lab.ts";
import { launchBrowser } from "../support/browser.ts";
import { db, newTenant, target, type Tenant } from "../support/fixtures.ts";
import { signInAs, userIn } from "../support/sign-in.ts";
import { saveScreenshot } from "../support/screenshot.ts";
import { editorText } from "../support/sql-editor.ts";

let browser: Browser;
let lab: BastionLab;
let pg: PostgresServer;
let tenant: Tenant;
let owner: { email: string; password: string };
let neighbour: { email: string; password: string };
let connectorId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db, password: true });
  tenant = await newTenant("chat-browser");
  owner = await userIn(tenant);
  neighbour = await userIn(tenant);
});
afterAll(async () => {
  await browser?.close();
  await pg?.stop();
  await lab?.stop();
});

const allConnectors = async () => JSON.stringify(await db().chatConnector.findMany({ orderBy: { id: "asc" } }));

async function openChat(page: Page, user: { email: string; password: string }) {
  await signInAs(page, user);
  await page.getByRole("link", { name: "Chat" }).click();
  await page.waitForURL(/\/chat$/);
}

describe("Chat, in a real browser through a real bastion", () => {
  it("the connect modal names the missing bastion fields and saves nothing, then saves with the key; the thread answers SQL with rows or the error", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    await openChat(page, owner);
    const connect = page.getByRole("button", { name: "Connect a database" });

    // Focus moves into the modal, Escape closes it, and focus returns to the button.
    await connect.click();
    const dialog = page.getByRole("dialog", { name: "Connect a database" });
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest("[role=dialog]") !== null)).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => connect.evaluate((button) => button === document.activeElement)).toBe(true);

    await connect.click();
    await dialog.getByLabel("Name").fill("analytics");
    expect(await dialog.getByLabel("Type").inputValue()).toBe("dynamiq.connections.PostgreSQL");
    await dialog.getByLabel("Host").first().fill(lab.dbHost);
    await dialog.getByLabel("Port").first().fill(String(pg.port));
    await dialog.getByLabel("Database").fill(pg.app!.database);
    await dialog.getByLabel("User").first().fill(pg.app!.user);
    await dialog.getByLabel("Password", { exact: true }).fill(pg.app!.password);
    const toggle = dialog.getByRole("switch", { name: "Connect through an SSH bastion" });
    await toggle.focus();
    await page.keyboard.press("Space");
    expect(await toggle.getAttribute("aria-checked")).toBe("true");
    const bastion = dialog.getByRole("group", { name: "SSH bastion" });
    expect(await bastion.getByLabel("Port").getAttribute("placeholder")).toBe("22");
    await bastion.getByLabel("Host").fill(lab.sshd.host);
    await bastion.getByLabel("Port").fill(String(lab.sshd.port));
    await bastion.getByLabel("User").fill(lab.sshd.user);

    const before = await allConnectors();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect
      .poll(() => dialog.locator(".form-summary").innerText())
      .toBe("Missing for the SSH bastion: Private key. Nothing was saved.");
    const key = bastion.getByLabel("Private key", { exact: true });
    expect(await key.getAttribute("aria-invalid")).toBe("true");
    expect(await bastion.getByText("is required to connect through the SSH bastion").count()).toBe(1);
    // The first invalid field gets the focus, so the user can fill it straight away.
    expect(await key.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await allConnectors()).toBe(before);
    await saveScreenshot(page, "chat-connect-modal");

    // The server's own checks land on their fields too: text that is not a key is refused on it.
    await key.fill("not a private key");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.locator(".form-summary").innerText()).toBe("Check the highlighted fields. Nothing was saved.");
    expect(await key.getAttribute("aria-invalid")).toBe("true");
    expect(await bastion.locator(".field-error").allInnerTexts()).toEqual([
      expect.stringMatching(/^is not a private key: paste the whole key file/),
    ]);
    expect(await allConnectors()).toBe(before);

    await key.fill(lab.key.privateKey);
    await expect.poll(() => dialog.locator(".form-summary").innerText()).toBe("");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
    // Saved: focus goes to the new connector's message box, ready to type.
    const message = page.getByRole("textbox", { name: "Message" });
    await expect.poll(() => message.evaluate((element) => element === document.activeElement)).toBe(true);
    const connectors = page.getByRole("navigation", { name: "Your database connectors" });
    await expect.poll(() => connectors.getByRole("button").allInnerTexts()).toEqual([expect.stringContaining("analytics")]);
    const rows = await db().chatConnector.findMany({ where: { name: "analytics" } });
    expect(rows).toHaveLength(1);
    connectorId = rows[0]!.id;
    expect(rows[0]!.secrets).not.toContain(lab.key.privateKey.split("\n")[1]!);
    expect(JSON.parse(rows[0]!.config).config.ssh_tunnel).toMatchObject({ host: lab.sshd.host, port: lab.sshd.port, user: lab.sshd.user });

    await message.fill("select id, name from items order by id");
    await message.press("Enter");
    const table = page.getByRole("table", { name: "Result of message 1" });
    await expect.poll(() => table.getByRole("row").count(), { timeout: 20_000 }).toBe(4);
    expect(await table.getByRole("columnheader").allInnerTexts()).toEqual(["#", "id", "name"]);
    expect(await table.getByRole("row").nth(3).innerText()).toMatch(/3\s+three/);
    expect(await editorText(message)).toBe("");

    // Shift+Enter adds a line instead of sending.
    await message.fill("select * from");
    await message.press("Shift+Enter");
    await message.pressSequentially("missing_table");
    expect(await editorText(message)).toBe("select * from\nmissing_table");
    expect(await page.getByRole("list", { name: "Messages" }).getByRole("listitem").count()).toBe(1);
    await message.press("Enter");
    const error = page.getByRole("group", { name: "Error for message 2" });
    await expect.poll(() => error.count(), { timeout: 20_000 }).toBe(1);
    const text = await error.innerText();
    expect(text).toContain("QUERY_FAILED");
    expect(text).toContain("missing_table");
    expect(text).toMatch(/Failed at query/);
    await saveScreenshot(page, "chat-thread", { fullPage: true });

    // On a phone the connectors stack above the thread, and nothing is wider than the screen.
    await page.setViewportSize({ width: 390, height: 800 });
    const button = (await connect.boundingBox())!;
    const composer = (await message.boundingBox())!;
    expect(composer.y).toBeGreaterThan(button.y + button.height);
    expect(Math.abs(composer.x - button.x)).toBeLessThan(2);
    expect(composer.x + composer.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it("another user of the same project does not see the connector, on the page or through tRPC", async () => {
    expect(connectorId).toBeDefined();
    const page = await browser.newPage();
    await openChat(page, neighbour);
    expect(await page.getByText("No database connected yet.").count()).toBe(1);
    expect(await page.content()).not.toContain("analytics");

    const session = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
    const trpc = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${target().baseUrl}/api/trpc`, headers: { cookie: `${SESSION_COOKIE}=${session!.value}` } })],
    });
    await expect(trpc.chatConnector.byId.query({ id: connectorId })).rejects.toMatchObject({
      data: { code: "NOT_FOUND", appCode: "NOT_FOUND" },
    });
    expect((await trpc.chatConnector.list.query()).data).toEqual([]);
  });
});
