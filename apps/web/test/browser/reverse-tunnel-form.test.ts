import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { join } from "node:path";
import { agentHome, createReverseLab, scratchDir, sshKeygen, startAgent, type ReverseLab, type RunningProcess } from "@connections/testkit";
import { horizontalOverflow, seriousAxeViolations } from "../support/axe.ts";
import { launchBrowser } from "../support/browser.ts";
import { newTenant, target, type Tenant } from "../support/fixtures.ts";
import { agentServiceClient, startAgentService, type AgentService } from "../support/agent-service.ts";
import { saveScreenshot } from "../support/screenshot.ts";
import { userIn } from "../support/sign-in.ts";

// SPEC §11 in the Connections form: "Reverse tunnel — my network connects out" beside "Through a
// bastion", the steps to run the agent (with the command and known_hosts line to copy), the
// agent's public key as the only field, and the agent's status on the edit page.

const KEYGEN = "ssh-keygen -t ed25519 -f ~/.ssh/connections_agent -N ''";

let browser: Browser;
let tenant: Tenant;
let user: { email: string; password: string };
let agentKey: string;
let agentPrivateKey: string;
// The shared server runs without the agent endpoint: this file's own, on the same database, has it
// on, printing a name (no agent dials it); the live status below has a server agents can reach.
let service: AgentService;

beforeAll(async () => {
  browser = await launchBrowser();
  tenant = await newTenant("reverse-tunnel-form");
  user = await userIn(tenant);
  ({ publicKey: agentKey, privateKey: agentPrivateKey } = sshKeygen(scratchDir("reverse-tunnel-form-keys"), "connections_agent"));
  service = await startAgentService("connections.example.com");
});
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

async function signedIn(width: number, baseUrl = service.server.baseUrl, height = 1000): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width, height },
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/connections$/);
  return { context, page };
}

async function newForm(page: Page): Promise<void> {
  await page.goto("/connections/new");
  // The form is disabled until React has hydrated it.
  await page.getByLabel("Name").and(page.locator(":enabled")).waitFor();
}

/** A PostgreSQL connection whose database the agent's network reaches as db.customer.lan:6543. */
async function fillDatabase(page: Page, name: string): Promise<void> {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Type").selectOption({ label: "PostgreSQL" });
  await page.getByLabel("Host", { exact: true }).fill("db.customer.lan");
  await page.getByLabel("Port", { exact: true }).fill("6543");
  await page.getByLabel("Database").fill("app");
  await page.getByLabel("User", { exact: true }).fill("reader");
  await page.getByLabel("Password", { exact: true }).fill("reader-password");
}

/** The same, through a reverse tunnel. */
async function fillReverse(page: Page, name: string): Promise<void> {
  await fillDatabase(page, name);
  await page.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
  await page.getByRole("radio", { name: "Reverse tunnel — my network connects out" }).check();
}

const shown = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue();

async function copied(page: Page, button: string): Promise<string> {
  await page.getByRole("button", { name: button }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe("");
  const text = await page.evaluate(() => navigator.clipboard.readText());
  await page.evaluate(() => navigator.clipboard.writeText(""));
  return text;
}

/** The project's connections as the REST API lists them, from the server whose agent endpoint is on. */
async function listed(): Promise<Array<{ id: string; name: string; config: { ssh_tunnel?: Record<string, unknown> } }>> {
  const response = await agentServiceClient(service, tenant).list();
  expect(response.status, response.text).toBe(200);
  return response.body.data;
}

describe("a reverse tunnel in the connection form, in a real browser", () => {
  it("picks Reverse, shows the steps to copy, refuses a bad key, saves a good one and shows it back with the agent's status", async () => {
    const { context, page } = await signedIn(1200);
    await newForm(page);
    await fillDatabase(page, "via-agent");
    await page.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
    // Through a bastion is the default; the radios are one group, moved through with the arrow keys.
    const modes = page.getByRole("group", { name: "How the tunnel connects" });
    expect(await modes.getByRole("radio", { name: "Through a bastion" }).isChecked()).toBe(true);
    expect(await page.getByLabel("Bastion host").count()).toBe(1);
    await modes.getByRole("radio", { name: "Through a bastion" }).focus();
    await page.keyboard.press("ArrowDown");
    expect(await modes.getByRole("radio", { name: "Reverse tunnel — my network connects out" }).isChecked()).toBe(true);
    expect(await page.getByLabel("Bastion host").count()).toBe(0);
    expect(await shown(page, "Key pair command")).toBe(KEYGEN);
    expect(await copied(page, "Copy ssh-keygen command")).toBe(KEYGEN);
    // Built before saving from the service's endpoint and the database as typed.
    await expect.poll(() => shown(page, "Agent command")).toMatch(/^ssh -N .* -R 6543:db\.customer\.lan:6543 tunnel@\S+$/);
    const commandBefore = await shown(page, "Agent command");
    const knownHostsBefore = await shown(page, "known_hosts line");
    expect(knownHostsBefore).toMatch(/^\S+ ssh-ed25519 AAAA\S+$/);
    expect(await copied(page, "Copy agent command")).toBe(commandBefore);
    expect(await copied(page, "Copy known_hosts line")).toBe(knownHostsBefore);
    // A blank port is the type's default.
    await page.getByLabel("Port", { exact: true }).fill("");
    await expect.poll(() => shown(page, "Agent command")).toContain("-R 5432:db.customer.lan:5432 ");
    await page.getByLabel("Port", { exact: true }).fill("6543");
    expect(await page.getByRole("button", { name: "Test", exact: true }).isDisabled()).toBe(true);

    // A private key is not the public key: the field and the summary say so, and nothing is stored.
    await page.getByLabel("Agent public key").fill(agentPrivateKey);
    await page.getByRole("button", { name: "Create connection" }).click();
    const summary = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "Fix 1 field before saving" }) });
    await summary.waitFor();
    const error = page.locator("[data-field]", { has: page.getByLabel("Agent public key") }).locator(".field-error");
    expect(await error.innerText()).toMatch(/^Agent public key must be one OpenSSH public key line/);
    expect(await summary.getByRole("link").allInnerTexts()).toEqual([await error.innerText()]);
    expect(await page.getByLabel("Agent public key").getAttribute("aria-invalid")).toBe("true");
    expect(await listed()).toEqual([]);

    const sent = page.waitForRequest((request) => request.url().includes("connection.create"));
    await page.getByLabel("Agent public key").fill(agentKey);
    await page.getByRole("button", { name: "Create connection" }).click();
    const { config } = ((await sent).postDataJSON() as Record<string, { config: { ssh_tunnel: unknown } }>)["0"]!;
    expect(config.ssh_tunnel).toEqual({ mode: "reverse", authorized_key: agentKey });
    await page.waitForURL(/\/connections$/);
    const [saved] = await listed();
    expect(saved?.config.ssh_tunnel).toMatchObject({ mode: "reverse", authorized_key: agentKey, agent_command: commandBefore });
    expect(saved?.config.ssh_tunnel?.known_hosts_line).toBe(knownHostsBefore);
    expect(await page.locator("tr", { hasText: "via-agent" }).innerText()).toContain("via reverse tunnel");

    await page.goto(`/connections/${saved!.id}/edit`);
    await page.getByLabel("Name").and(page.locator(":enabled")).waitFor();
    expect(await page.getByRole("radio", { name: "Reverse tunnel — my network connects out" }).isChecked()).toBe(true);
    expect(await shown(page, "Agent public key")).toBe(agentKey);
    expect(await shown(page, "Agent command")).toBe(saved!.config.ssh_tunnel!.agent_command);
    expect(await page.locator("[data-agent-status]").innerText()).toBe("No agent connected");
    // Polled: the status is asked again every 3 s while the page is visible.
    const polled = page.waitForRequest((request) => request.url().includes("connection.agentStatus"), { timeout: 8_000 });
    expect((await polled).url()).toContain("connection.agentStatus");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it("works the same in Chat's connect modal: saved with the key alone, its edit modal polls the connector's agent status", async () => {
    const { context, page } = await signedIn(1200);
    await page.goto("/chat");
    await page.getByRole("button", { name: "Connect a database" }).click();
    const dialog = page.getByRole("dialog", { name: "Connect a database" });
    await dialog.getByLabel("Name").fill("chat-via-agent");
    await dialog.getByLabel("Host", { exact: true }).fill("db.customer.lan");
    await dialog.getByLabel("Database", { exact: true }).fill("app");
    await dialog.getByLabel("User", { exact: true }).fill("reader");
    await dialog.getByLabel("Password", { exact: true }).fill("reader-password");
    await dialog.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
    await dialog.getByRole("radio", { name: "Reverse tunnel — my network connects out" }).check();
    await expect.poll(() => dialog.getByLabel("Agent command", { exact: true }).inputValue()).toContain("-R 5432:db.customer.lan:5432 ");
    // Another agent key than the connection's above: one key serves exactly one connection or connector.
    const chatKey = sshKeygen(scratchDir("reverse-tunnel-chat-keys"), "connections_agent").publicKey;
    await dialog.getByLabel("Agent public key").fill(chatKey);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const sent = page.waitForRequest((request) => request.url().includes("chatConnector.create"));
    await dialog.getByRole("button", { name: "Save" }).click();
    const { config } = ((await sent).postDataJSON() as Record<string, { config: { ssh_tunnel: unknown } }>)["0"]!;
    expect(config.ssh_tunnel).toEqual({ mode: "reverse", authorized_key: chatKey });
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);

    await page.getByRole("button", { name: "Edit chat-via-agent" }).click();
    const edit = page.getByRole("dialog", { name: "Edit chat-via-agent" });
    expect(await edit.getByRole("radio", { name: "Reverse tunnel — my network connects out" }).isChecked()).toBe(true);
    expect(await edit.getByLabel("Agent public key").inputValue()).toBe(chatKey);
    expect(await edit.locator("[data-agent-status]").innerText()).toBe("No agent connected");
    const polled = page.waitForRequest((request) => request.url().includes("chatConnector.agentStatus"), { timeout: 8_000 });
    expect((await polled).url()).toContain("chatConnector.agentStatus");
    await context.close();
  });

  it("says plainly when the service's agent endpoint is off, and still takes the key", async () => {
    const { context, page } = await signedIn(1200, target().baseUrl);
    await newForm(page);
    await fillReverse(page, "endpoint-off");
    expect(await page.getByRole("note").innerText()).toContain(
      "This service's agent endpoint is off; its operator sets CONNECTIONS_AGENT_SSH_PORT",
    );
    expect(await page.getByLabel("Agent command").count()).toBe(0);
    expect(await page.getByLabel("Agent public key").isEditable()).toBe(true);
    await context.close();
  });

  it("has no serious axe violation and no sideways scroll at 390 px, and its steps fit on a phone", async () => {
    const { context, page } = await signedIn(390);
    await newForm(page);
    await fillReverse(page, "phone-agent");
    await page.getByLabel("Agent public key").fill(agentKey);
    await expect.poll(() => shown(page, "Agent command")).toContain("-R 6543:db.customer.lan:6543 ");
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await context.close();
  });

  it("saves the README's picture of the reverse mode at 1200 px", async () => {
    // Tall enough that the section is never under the sticky top bar.
    const { context, page } = await signedIn(1200, service.server.baseUrl, 2600);
    await newForm(page);
    await fillReverse(page, "warehouse-behind-firewall");
    await page.getByLabel("Agent public key").fill(agentKey);
    await page.getByLabel("Agent public key").blur();
    await expect.poll(() => shown(page, "Agent command")).toContain("-R 6543:db.customer.lan:6543 ");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(
      page
        .locator("section")
        .filter({ has: page.getByRole("heading", { name: "SSH tunnel" }) })
        .first(),
      "reverse-tunnel-form",
    );
    await context.close();
  });
});

describe("the agent's status on the edit page, with a real OpenSSH agent in a network that only dials out", () => {
  let lab: ReverseLab;
  let live: AgentService;
  let agent: RunningProcess | undefined;

  beforeAll(async () => {
    lab = await createReverseLab();
    live = await startAgentService(lab.serviceAddress);
  });
  afterAll(async () => {
    await agent?.stop();
    await live?.stop();
    await lab?.destroy();
  });

  it("fails a test at the agent stage without one, turns to connected when the copied command runs, and back when the agent dies", async () => {
    const home = agentHome("browser-agent");
    const { context, page } = await signedIn(1200, live.server.baseUrl);
    await newForm(page);
    await fillReverse(page, "live-agent");
    await page.getByLabel("Agent public key").fill(home.publicKey);
    await page.getByRole("button", { name: "Create connection" }).click();
    await page.waitForURL(/\/connections$/);
    // Without an agent, a test stops at the agent stage, the command to run as its hint.
    await page.getByRole("button", { name: "Test live-agent" }).click();
    const details = page.getByRole("button", { name: /test details for live-agent$/ });
    await expect.poll(() => details.innerText(), { timeout: 30_000 }).toMatch(/^Failed at Agent connected/);
    await details.click();
    const stages = page.getByRole("list", { name: "Test result for live-agent" });
    expect(await stages.locator("li[data-stage]").evaluateAll((items) => items.map((li) => li.getAttribute("data-stage")))).toEqual([
      "agent",
      "forward",
      "db_tls",
      "db_auth",
      "query",
    ]);
    expect(await stages.locator('li[data-stage="agent"]').innerText()).toContain("AGENT_OFFLINE");
    await page.keyboard.press("Escape");
    const saved = (await agentServiceClient(live, tenant).list()).body.data as Array<{ id: string; name: string }>;
    await page.goto(`/connections/${saved.find((connection) => connection.name === "live-agent")!.id}/edit`);
    const status = page.locator("[data-agent-status]");
    expect(await status.innerText()).toBe("No agent connected");

    // What a first-time user copies from the page, run as they would run it.
    agent = startAgent(home, {
      command: await shown(page, "Agent command"),
      knownHostsLine: await shown(page, "known_hosts line"),
      ns: lab.privateNs,
      logFile: join(scratchDir("reverse-tunnel-form-agent"), "agent.log"),
    });
    const address = lab.privateAddress.replaceAll(".", "\\.");
    await expect
      .poll(() => status.innerText(), { timeout: 15_000 })
      .toMatch(new RegExp(`^Agent connected · since [A-Z][a-z]{2} \\d+, \\d\\d:\\d\\d UTC · from ${address}\\S* · 1 agent$`));
    expect(await page.locator("[aria-live=polite]", { has: status }).count()).toBe(1);

    process.kill(agent.pid, "SIGKILL");
    await agent.exited;
    agent = undefined;
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe("No agent connected");
    await context.close();
  });
});
