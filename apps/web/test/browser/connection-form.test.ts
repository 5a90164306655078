import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { freePort, scratchDir, sshKeygen, startPostgres, type PostgresServer } from "@connections/testkit";
import { startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { launchBrowser } from "../support/browser.ts";
import { createConnection } from "../support/connections.ts";
import { db, newTenant, projectSnapshot, target, type Tenant } from "../support/fixtures.ts";
import { signInAs, userIn } from "../support/sign-in.ts";
import { horizontalOverflow, seriousAxeViolations } from "../support/axe.ts";
import { saveScreenshot } from "../support/screenshot.ts";

let browser: Browser;
let lab: BastionLab;
let pg: PostgresServer;
let tenant: Tenant;
let user: { email: string; password: string };

beforeAll(async () => {
  browser = await launchBrowser();
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db, password: true });
  tenant = await newTenant("connection-form");
  user = await userIn(tenant);
  await createConnection(tenant, "PostgreSQL", { host: "db.internal", database: "d", user: "u", password: "p" }, "taken-name");
});
afterAll(async () => {
  await browser?.close();
  await pg?.stop();
  await lab?.stop();
});

async function signedIn(width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  await signInAs(page, user);
  return page;
}

async function openNewForm(page: Page): Promise<void> {
  await page.getByRole("link", { name: "New connection" }).click();
  await page.waitForURL(/\/connections\/new$/);
  // The form is disabled until React has hydrated it; keyboard steps do not wait on their own.
  await page.getByLabel("Name").and(page.locator(":enabled")).waitFor();
}

/** Name, the lab's database and the tunnel to its bastion, without the private key. */
async function fillTunneledPostgres(page: Page, name: string): Promise<void> {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Type").selectOption({ label: "PostgreSQL" });
  await page.getByLabel("Host", { exact: true }).fill(lab.dbHost);
  await page.getByLabel("Port", { exact: true }).fill(String(pg.port));
  await page.getByLabel("Database").fill(pg.app!.database);
  await page.getByLabel("User", { exact: true }).fill(pg.app!.user);
  await page.getByLabel("Password", { exact: true }).fill(pg.app!.password);
  await page.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
  const tunnel = tunnelConfig(lab);
  await page.getByLabel("Bastion host").fill(tunnel.host);
  await page.getByLabel("SSH port").fill(String(tunnel.port));
  await page.getByLabel("SSH user").fill(tunnel.user);
}

/** The test result's stages as [name, status], once the test has ended (they appear one by one). */
async function stagesShown(page: Page): Promise<string[][]> {
  const list = page.getByRole("list", { name: "Test result", exact: true });
  await page.locator('.test-result[aria-busy="false"] [role=status]').waitFor({ timeout: 30_000 });
  return list
    .getByRole("listitem")
    .evaluateAll((items) => items.map((li) => [li.getAttribute("data-stage")!, li.getAttribute("data-status")!]));
}

async function failedStageText(page: Page): Promise<string> {
  const failed = page.getByRole("list", { name: "Test result", exact: true }).locator('li[data-status="failed"]');
  await failed.waitFor({ timeout: 30_000 });
  return failed.innerText();
}

/** The error shown under the field with this label. */
function fieldError(page: Page, label: string) {
  return page
    .locator("[data-field]")
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator(".field-error");
}

const ALL_PASSING = [
  ["dns", "ok"],
  ["tcp", "ok"],
  ["ssh_handshake", "ok"],
  ["host_key", "ok"],
  ["ssh_auth", "ok"],
  ["forward", "ok"],
  ["db_tls", "skipped"],
  ["db_auth", "ok"],
  ["query", "ok"],
];

describe("the connection form, in a real browser through a real bastion", () => {
  it("creates a tunneled connection with a pasted key, tests it, edits it without retyping the key, and queries it", async () => {
    const page = await signedIn();
    await openNewForm(page);
    await fillTunneledPostgres(page, "form-postgres");
    await page.getByLabel("Private key", { exact: true }).fill(lab.key.privateKey);

    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Test" }).click();
    expect(await stagesShown(page)).toEqual(ALL_PASSING);
    expect(await page.locator(".test-result [role=status]").innerText()).toBe("Test passed: every stage worked.");

    await page.getByRole("button", { name: "Create connection" }).click();
    // Created: back on the list with a toast, the test just passed shown as its last test.
    await page.waitForURL(/\/connections$/);
    await expect.poll(() => page.getByText("Connection created", { exact: true }).count()).toBe(1);
    expect(await page.getByRole("row").filter({ hasText: "form-postgres" }).innerText()).toContain("Passed");
    const row = await db().connection.findFirstOrThrow({ where: { projectId: tenant.projectId, name: "form-postgres" } });
    const id = row.id;
    await page.getByRole("link", { name: "Edit form-postgres" }).click();
    await page.waitForURL(/\/connections\/conn_[^/]+\/edit$/);
    expect(Object.keys(JSON.parse(row.secrets)).sort()).toEqual(["password", "ssh_tunnel.private_key"]);
    expect(await page.getByLabel("Public key", { exact: true }).inputValue()).toBe(lab.key.publicKey);

    // Edit: secrets are blank and kept; only the name changes.
    expect(await page.getByLabel("Private key", { exact: true }).inputValue()).toBe("");
    expect(await page.getByLabel("Password", { exact: true }).inputValue()).toBe("");
    expect(await page.locator("[data-field]", { has: page.getByLabel("Private key", { exact: true }) }).innerText()).toContain(
      "Stored — leave blank to keep it",
    );
    // After the client-side navigation the title streams in; axe checks the page once it has one.
    await expect.poll(() => page.title()).not.toBe("");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel("Name").fill("form-postgres-renamed");
    expect(await page.locator("#test-blocked").innerText()).toContain("Save your changes");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator("#form-status").textContent()).toBe("Saved.");
    const renamed = await db().connection.findUniqueOrThrow({ where: { id } });
    expect(renamed.name).toBe("form-postgres-renamed");
    expect(Object.keys(JSON.parse(renamed.secrets)).sort()).toEqual(["password", "ssh_tunnel.private_key"]);

    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Edit form-postgres-renamed");
    await page.getByRole("button", { name: "Test" }).click();
    expect(await stagesShown(page)).toEqual(ALL_PASSING);
    // The first successful test pinned the bastion's host key; the form shows it, so saving again keeps it.
    await expect.poll(() => page.getByLabel("Pinned host key (optional)").inputValue()).toBe(lab.sshd.hostKeyFingerprint);
    expect(JSON.parse((await db().connection.findUniqueOrThrow({ where: { id } })).config).config.ssh_tunnel.host_key_fingerprint).toBe(
      lab.sshd.hostKeyFingerprint,
    );
    await saveScreenshot(page, "connection-form", { fullPage: true });

    await page.goto(`${target().baseUrl}/connections/${id}/console`);
    await page.getByLabel("SQL").fill("select id, name from items order by id");
    await page.getByRole("button", { name: "Run" }).click();
    const table = page.getByRole("table", { name: "Query result" });
    await expect.poll(() => table.getByRole("row").count(), { timeout: 20_000 }).toBe(4);
    expect(await table.getByRole("row").nth(3).innerText()).toMatch(/3\s+three/);

    await page.goto(`${target().baseUrl}/connections`);
    const listed = page.getByRole("row").filter({ hasText: "form-postgres-renamed" });
    expect(await listed.innerText()).toMatch(/Passed[\s\S]*[A-Z][a-z]{2} \d{1,2}, \d\d:\d\d UTC/);
  });

  it("generates a key pair on save and shows its public key and authorized_keys line", async () => {
    const page = await signedIn();
    await openNewForm(page);
    await fillTunneledPostgres(page, "generated-key");
    await page.getByLabel("Generate a key pair for me").check();
    expect(await page.getByLabel("Private key", { exact: true }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Test" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Create connection" }).click();
    await page.waitForURL(/\/edit\?created=1$/);
    expect(await page.getByLabel("Public key", { exact: true }).inputValue()).toMatch(/^ssh-ed25519 \S+/);
    const line = await page.getByLabel("authorized_keys line", { exact: true }).inputValue();
    expect(line).toContain(`permitopen="${lab.dbHost}:${pg.port}"`);
    expect(line).toContain(await page.getByLabel("Public key", { exact: true }).inputValue());
    const row = await db().connection.findFirstOrThrow({ where: { projectId: tenant.projectId, name: "generated-key" } });
    expect(JSON.parse(row.config).tunnel_key.key_source).toBe("generated");
  });

  it("saves a read-only connection from its switch, marks it in the list and the console, where a write is refused with the hint", async () => {
    const page = await signedIn();
    await openNewForm(page);
    await fillTunneledPostgres(page, "form-read-only");
    await page.getByLabel("Private key", { exact: true }).fill(lab.key.privateKey);
    const readOnly = page.getByRole("switch", { name: "Read-only" });
    expect(await readOnly.getAttribute("aria-checked")).toBe("false");
    await readOnly.click();
    await page.getByRole("button", { name: "Create connection" }).click();
    await page.waitForURL(/\/connections$/);
    const row = await db().connection.findFirstOrThrow({ where: { projectId: tenant.projectId, name: "form-read-only" } });
    expect(row.readOnly).toBe(true);
    expect(await page.getByRole("row").filter({ hasText: "form-read-only" }).innerText()).toContain("Read-only");
    expect(await page.getByRole("row").filter({ hasText: "taken-name" }).innerText()).not.toContain("Read-only");

    await page.goto(`${target().baseUrl}/connections/${row.id}/console`);
    expect(await page.getByText("Read-only", { exact: true }).count()).toBe(1);
    await page.getByLabel("SQL").fill("insert into items values (7, 'seven')");
    await page.getByRole("button", { name: "Run" }).click();
    const refused = page.getByRole("group", { name: "Query error" });
    await expect.poll(() => refused.innerText(), { timeout: 20_000 }).toContain("READ_ONLY_VIOLATION");
    expect(await refused.innerText()).toContain("This connection is read-only");
    await page.getByLabel("SQL").fill("select count(*) from items");
    await page.getByRole("button", { name: "Run" }).click();
    const table = page.getByRole("table", { name: "Query result" });
    await expect.poll(() => table.getByRole("row").nth(1).innerText(), { timeout: 20_000 }).toMatch(/^1\s+3$/);

    // The edit form shows the switch on; turned off and saved, the connection can write again.
    await page.goto(`${target().baseUrl}/connections/${row.id}/edit`);
    await page.getByLabel("Name").and(page.locator(":enabled")).waitFor();
    expect(await readOnly.getAttribute("aria-checked")).toBe("true");
    await readOnly.click();
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator("#form-status").textContent()).toBe("Saved.");
    expect((await db().connection.findUniqueOrThrow({ where: { id: row.id } })).readOnly).toBe(false);
  });

  it("shows a bad private key, a wrong passphrase and an unreachable bastion at their stage with a hint, saving nothing", async () => {
    const before = await projectSnapshot(tenant.projectId);
    const page = await signedIn();
    await openNewForm(page);
    await fillTunneledPostgres(page, "never-saved");

    await page.getByLabel("Private key", { exact: true }).fill("this is not a private key, just some text");
    await page.getByRole("button", { name: "Test" }).click();
    let failed = await failedStageText(page);
    expect(failed).toContain("ssh_auth");
    expect(failed).toContain("PRIVATE_KEY_INVALID");
    expect(failed).toContain("Paste the whole private key file");
    expect(await fieldError(page, "Private key").innerText()).toMatch(/private key/i);

    // An encrypted key, chosen as a file, with the wrong passphrase.
    const encrypted = sshKeygen(scratchDir("form-keys"), "encrypted", { passphrase: "the right passphrase" });
    await page.getByLabel("Choose key file").setInputFiles(encrypted.path);
    await expect.poll(() => page.getByLabel("Private key", { exact: true }).inputValue()).toBe(encrypted.privateKey);
    await page.getByLabel("Private key passphrase").fill("not the passphrase");
    await page.getByRole("button", { name: "Test" }).click();
    await expect.poll(() => failedStageText(page)).toContain("PASSPHRASE_WRONG");
    failed = await failedStageText(page);
    expect(failed).toContain("ssh_auth");
    expect(failed).toContain("Correct Private key passphrase");
    expect(await fieldError(page, "Private key passphrase").innerText()).toContain("does not decrypt this private key");

    // The right key, but nothing listens on the bastion's port.
    await page.getByLabel("Private key", { exact: true }).fill(lab.key.privateKey);
    await page.getByLabel("Private key passphrase").fill("");
    await page.getByLabel("SSH port").fill(String(lab.isolated ? 2 : await freePort()));
    await page.getByRole("button", { name: "Test" }).click();
    await expect.poll(() => failedStageText(page), { timeout: 30_000 }).toContain("TCP_REFUSED");
    failed = await failedStageText(page);
    expect(failed).toMatch(/^Failed:\s*TCP connection\s+tcp\b/);
    expect(failed).toContain("ssh_tunnel.port");
    expect(await fieldError(page, "Private key").count()).toBe(0);

    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });

  it("says Testing… while a test runs, and Save waits for it with the reason shown", async () => {
    // A "bastion" that accepts TCP and says nothing: the test waits in the SSH handshake until it hangs up.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const page = await signedIn();
      await openNewForm(page);
      await fillTunneledPostgres(page, "slow-bastion");
      await page.getByLabel("Bastion host").fill("127.0.0.1");
      await page.getByLabel("SSH port").fill(String((silent.address() as AddressInfo).port));
      await page.getByLabel("Private key", { exact: true }).fill(lab.key.privateKey);
      await page.getByRole("button", { name: "Test" }).click();

      const testing = page.getByRole("button", { name: "Testing…" });
      const create = page.getByRole("button", { name: "Create connection" });
      await expect.poll(() => sockets.size, { timeout: 15_000 }).toBe(1);
      expect(await testing.getAttribute("aria-busy")).toBe("true");
      expect(await testing.isDisabled()).toBe(true);
      expect(await create.isDisabled()).toBe(true);
      expect(await page.locator(`#${await create.getAttribute("aria-describedby")}`).innerText()).toBe(
        "Save is available again when the test ends.",
      );
      expect(await page.getByRole("button", { name: "Saving…" }).count()).toBe(0);
      await saveScreenshot(testing.locator("../.."), "connection-form-testing");

      for (const socket of sockets) socket.destroy();
      await expect.poll(() => failedStageText(page), { timeout: 30_000 }).toMatch(/ssh_handshake/);
      expect(await page.getByRole("button", { name: "Test", exact: true }).isDisabled()).toBe(false);
      expect(await create.isDisabled()).toBe(false);
      expect(await create.getAttribute("aria-describedby")).toBeNull();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("puts bad input on its field, client-side and from the server, and saves nothing", async () => {
    const before = await projectSnapshot(tenant.projectId);
    const page = await signedIn();
    await openNewForm(page);
    await fillTunneledPostgres(page, "");
    await page.getByLabel("Port", { exact: true }).fill("70000");
    await page.getByLabel("Private key", { exact: true }).fill(lab.key.privateKey);
    await page.getByRole("button", { name: "Create connection" }).click();
    await expect.poll(() => fieldError(page, "Name").textContent()).toBe("Enter a name.");
    expect(await fieldError(page, "Port").innerText()).toBe("Port must be a whole number from 1 to 65535.");
    expect(await page.getByLabel("Port", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    // The summary at the top lists each field in the same words and takes the focus; a link focuses its field.
    const summary = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Fix 2 fields before saving" }) });
    expect(await summary.getByRole("link").allInnerTexts()).toEqual(["Enter a name.", "Port must be a whole number from 1 to 65535."]);
    expect(await summary.evaluate((box) => box === document.activeElement)).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, "connection-form-error-summary");
    await summary.getByRole("link", { name: "Port must be a whole number from 1 to 65535." }).click();
    expect(await page.getByLabel("Port", { exact: true }).evaluate((input) => input === document.activeElement)).toBe(true);

    // Valid in the browser, refused by the server: the name is taken in this project.
    await page.getByLabel("Name").fill("taken-name");
    await page.getByLabel("Port", { exact: true }).fill(String(pg.port));
    await page.getByRole("button", { name: "Create connection" }).click();
    await expect.poll(() => fieldError(page, "Name").textContent()).toBe("Name is already used by another connection in this project.");
    expect(page.url()).toMatch(/\/connections\/new$/);
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });

  it("stacks the bastion checklist under the tunnel fields on a narrow screen", async () => {
    const page = await signedIn(420);
    await openNewForm(page);
    await page.getByRole("switch", { name: "Connect through an SSH tunnel" }).focus();
    await page.keyboard.press("Space");
    const fields = (await page.getByLabel("Bastion host").boundingBox())!;
    const checklist = (await page.getByRole("complementary", { name: "Bastion checklist" }).boundingBox())!;
    expect(checklist.y).toBeGreaterThan(fields.y + fields.height);
    expect(checklist.x + checklist.width).toBeLessThanOrEqual(420);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    // At 390 px the checklist's long paths wrap inside its box, and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    const path = page.getByRole("complementary", { name: "Bastion checklist" }).getByText(/ssh_host_ed25519_key\.pub/);
    const box = (await page.getByRole("complementary", { name: "Bastion checklist" }).boundingBox())!;
    const code = (await path.boundingBox())!;
    expect(code.x + code.width).toBeLessThanOrEqual(box.x + box.width);
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it("keeps the form disabled until scripts run, so a click cannot submit secrets in a URL", async () => {
    const page = await signedIn();
    const cookies = await page.context().cookies();
    const noScripts = await browser.newContext({ javaScriptEnabled: false });
    await noScripts.addCookies(cookies);
    const bare = await noScripts.newPage();
    await bare.goto(`${target().baseUrl}/connections/new`);
    expect(await bare.getByLabel("Name").isDisabled()).toBe(true);
    expect(await bare.getByLabel("Password").isDisabled()).toBe(true);
    expect(await bare.getByRole("button", { name: "Create connection" }).isDisabled()).toBe(true);
    await noScripts.close();
    await page.close();
  });

  it("deletes a connection only after confirmation", async () => {
    const page = await signedIn(800);
    const row = () => page.getByRole("row").filter({ hasText: "generated-key" });
    await page.getByRole("button", { name: "Delete generated-key" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete generated-key?" });
    await dialog.waitFor();
    // Cancel has the focus; Escape closes without deleting.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await row().count()).toBe(1);

    await page.getByRole("button", { name: "Delete generated-key" }).click();
    await page.getByRole("button", { name: "Delete connection" }).click();
    await expect.poll(() => row().count(), { timeout: 10_000 }).toBe(0);
    expect(await db().connection.count({ where: { projectId: tenant.projectId, name: "generated-key" } })).toBe(0);
    expect(await db().connection.count({ where: { projectId: tenant.projectId, name: "form-postgres-renamed" } })).toBe(1);
  });
});
