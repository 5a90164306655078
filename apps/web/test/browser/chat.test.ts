import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { SESSION_COOKIE, type AppRouter } from "@connections/api";
import { freePort, startPostgres, type PostgresServer } from "@connections/testkit";
import { startBastionLab, type BastionLab } from "../support/bastion-lab.ts";
import { launchBrowser } from "../support/browser.ts";
import { db, newTenant, target, type Tenant } from "../support/fixtures.ts";
import { signInAs, userIn } from "../support/sign-in.ts";
import { horizontalOverflow, seriousAxeViolations } from "../support/axe.ts";
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
    await dialog.getByLabel("Host", { exact: true }).fill(lab.dbHost);
    await dialog.getByLabel("Port", { exact: true }).fill(String(pg.port));
    await dialog.getByLabel("Database").fill(pg.app!.database);
    await dialog.getByLabel("User", { exact: true }).fill(pg.app!.user);
    await dialog.getByLabel("Password", { exact: true }).fill(pg.app!.password);
    const toggle = dialog.getByRole("switch", { name: "Connect through an SSH tunnel" });
    await toggle.focus();
    await page.keyboard.press("Space");
    expect(await toggle.getAttribute("aria-checked")).toBe("true");
    expect(await dialog.getByLabel("SSH port").getAttribute("placeholder")).toBe("22");
    // Chat never generates a key pair: the key is pasted or chosen, so there is no choice to make.
    expect(await dialog.getByLabel("Generate a key pair for me").count()).toBe(0);
    await dialog.getByLabel("Bastion host").fill(lab.sshd.host);
    await dialog.getByLabel("SSH port").fill(String(lab.sshd.port));
    await dialog.getByLabel("SSH user").fill(lab.sshd.user);
    expect(await seriousAxeViolations(page)).toEqual([]);

    const before = await allConnectors();
    const save = dialog.getByRole("button", { name: "Save" });
    await save.click();
    // "All four bastion fields or nothing": the summary names the one missing, in the form's voice.
    const summary = dialog.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Fix 1 field before saving" }) });
    await expect.poll(() => summary.getByRole("link").allInnerTexts()).toEqual(["Enter the private key to connect through the bastion."]);
    const key = dialog.getByLabel("Private key", { exact: true });
    expect(await key.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.locator(".field-error").allInnerTexts()).toEqual(["Enter the private key to connect through the bastion."]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await summary.getByRole("link").click();
    expect(await key.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await allConnectors()).toBe(before);
    await saveScreenshot(page, "chat-connect-modal");

    // The server's own checks land on their fields too: text that is not a key is refused on it.
    await key.fill("not a private key");
    await save.click();
    await expect
      .poll(() => dialog.locator(".field-error").allInnerTexts())
      .toEqual([expect.stringMatching(/^Private key is not a private key: paste the whole key file/)]);
    expect(await key.getAttribute("aria-invalid")).toBe("true");
    expect(await allConnectors()).toBe(before);

    // Test before saving: nothing listens on this bastion port, so the tcp stage fails, and nothing is stored.
    await key.fill(lab.key.privateKey);
    const bastionPort = dialog.getByLabel("SSH port");
    await bastionPort.fill(String(lab.isolated ? 2 : await freePort()));
    await dialog.getByRole("button", { name: "Test" }).click();
    const failed = dialog.getByRole("list", { name: "Test result", exact: true }).locator('li[data-status="failed"]');
    await expect.poll(() => failed.innerText(), { timeout: 30_000 }).toContain("TCP_REFUSED");
    // The result alone: the modal around it shows the (test-made) private key.
    await saveScreenshot(dialog.getByRole("list", { name: "Test result", exact: true }).locator(".."), "chat-connector-test-failed");
    expect(await failed.innerText()).toMatch(/tcp/);
    expect(await allConnectors()).toBe(before);

    // The right port: every stage passes, still before saving.
    await bastionPort.fill(String(lab.sshd.port));
    await dialog.getByRole("button", { name: "Test" }).click();
    await expect
      .poll(() => dialog.locator('.test-result[aria-busy="false"] [role=status]').allInnerTexts(), { timeout: 30_000 })
      .toEqual(["Test passed: every stage worked."]);
    expect(await allConnectors()).toBe(before);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
    // Saved: focus goes to the new connector's message box, ready to type.
    const message = page.getByRole("textbox", { name: "Message" });
    await expect.poll(() => message.evaluate((element) => element === document.activeElement)).toBe(true);
    const connectors = page.getByRole("navigation", { name: "Your database connectors" });
    await expect
      .poll(() => connectors.getByRole("button", { name: /^analytics/ }).allInnerTexts())
      .toEqual([expect.stringContaining("analytics")]);
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

  it("edits a connector in the same modal: secrets left blank are kept, the name changes", async () => {
    expect(connectorId).toBeDefined();
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    await openChat(page, owner);
    // The pencil alone names its action on hover too.
    await page.getByRole("button", { name: "Edit analytics" }).hover();
    await expect.poll(() => page.getByRole("tooltip").innerText()).toBe("Edit analytics");
    await page.getByRole("button", { name: "Edit analytics" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit analytics" });
    await dialog.waitFor();
    expect(await dialog.getByLabel("Host", { exact: true }).inputValue()).toBe(lab.dbHost);
    expect(await dialog.getByLabel("Bastion host").inputValue()).toBe(lab.sshd.host);
    expect(await dialog.getByLabel("Private key", { exact: true }).inputValue()).toBe("");
    expect(await dialog.getByText("Stored — leave blank to keep it").count()).toBe(2);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const secretPaths = async () =>
      Object.keys(JSON.parse((await db().chatConnector.findUniqueOrThrow({ where: { id: connectorId } })).secrets) as object).sort();
    const secretsBefore = await secretPaths();
    expect(secretsBefore).toEqual(["password", "ssh_tunnel.private_key"]);

    await dialog.getByLabel("Name").fill("analytics-renamed");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
    const row = await db().chatConnector.findUniqueOrThrow({ where: { id: connectorId } });
    expect(row.name).toBe("analytics-renamed");
    // Still there (re-sealed on save): the test below can only pass with the stored password and key.
    expect(await secretPaths()).toEqual(secretsBefore);
    const connectors = page.getByRole("navigation", { name: "Your database connectors" });
    expect(await connectors.getByRole("button", { name: "Edit analytics-renamed" }).count()).toBe(1);

    // Unchanged, the saved connector is tested with its stored secrets.
    await page.getByRole("button", { name: "Edit analytics-renamed" }).click();
    const edit = page.getByRole("dialog", { name: "Edit analytics-renamed" });
    await edit.getByRole("button", { name: "Test" }).click();
    await expect
      .poll(() => edit.locator('.test-result[aria-busy="false"] [role=status]').allInnerTexts(), { timeout: 30_000 })
      .toEqual(["Test passed: every stage worked."]);
    await page.close();
  });

  it("keeps Cancel, Test and Save in view at 390×844 with the bastion fields open; the body scrolls", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await openChat(page, owner);
    await page.getByRole("button", { name: "Connect a database" }).click();
    const dialog = page.getByRole("dialog", { name: "Connect a database" });
    await dialog.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
    await dialog.getByLabel("Bastion host").waitFor();
    for (const name of ["Cancel", "Test", "Save"]) {
      const box = (await dialog.getByRole("button", { name, exact: true }).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    const body = dialog.locator("form").locator("..");
    expect(await body.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
    expect(await body.evaluate((element) => getComputedStyle(element).overflowY)).toBe("auto");
    expect(await horizontalOverflow(page)).toBe(0);
    await page.close();
  });

  it("shows the same labels as the Connections form for the same type (one component renders both)", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    await signInAs(page, owner);
    const section = (scope: Locator, title: string) => scope.locator("section").filter({ has: page.getByRole("heading", { name: title }) });
    const labelsIn = (scope: Locator) => scope.locator("label").evaluateAll((nodes) => nodes.map((node) => node.textContent!.trim()));
    const shownFor = async (scope: Locator) => {
      await scope.getByLabel("Type").selectOption({ label: "Trino" });
      await scope.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
      await scope.getByLabel("Bastion host").waitFor();
      return { database: await labelsIn(section(scope, "Database")), tunnel: await labelsIn(section(scope, "SSH tunnel")) };
    };
    await page.goto(`${target().baseUrl}/connections/new`);
    const onForm = await shownFor(page.getByRole("form", { name: "New connection" }));
    await page.goto(`${target().baseUrl}/chat`);
    await page.getByRole("button", { name: "Connect a database" }).click();
    const inChat = await shownFor(page.getByRole("dialog", { name: "Connect a database" }));

    expect(onForm.database).toContain("Password (optional)");
    expect(inChat.database).toEqual(onForm.database);
    // The tunnel differs only where the product does: Chat has no "generate a key pair" choice.
    expect(inChat.tunnel).toContain("Choose key file");
    expect(inChat.tunnel).toEqual(
      onForm.tunnel.filter((label) => !["Paste or choose a key file", "Generate a key pair for me"].includes(label)),
    );
    await page.close();
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
