import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { horizontalOverflow, seriousAxeViolations } from "../support/axe.ts";
import { launchBrowser } from "../support/browser.ts";
import { db, newTenant, projectSnapshot, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { saveScreenshot } from "../support/screenshot.ts";
import { signInAs, userIn } from "../support/sign-in.ts";

// SPEC §10 in the Connections form: "Add jump host" rows above the bastion fields, in order, each
// with its own optional key and pin; what the form sends, what the edit form shows back, and how a
// hop's errors read.

let browser: Browser;
let tenant: Tenant;
let user: { email: string; password: string };
let tunnelKey: { privateKey: string; publicKey: string; path: string };
let hopKey: { privateKey: string; publicKey: string; path: string };

beforeAll(async () => {
  browser = await launchBrowser();
  tenant = await newTenant("jump-host-form");
  user = await userIn(tenant);
  const keys = scratchDir("jump-host-form-keys");
  tunnelKey = sshKeygen(keys, "tunnel");
  hopKey = sshKeygen(keys, "hop");
});
afterAll(async () => {
  await browser?.close();
});

async function newForm(width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  await signInAs(page, user);
  await page.goto(`${target().baseUrl}/connections/new`);
  // The form is disabled until React has hydrated it.
  await page.getByLabel("Name").and(page.locator(":enabled")).waitFor();
  return page;
}

/** A PostgreSQL connection through a bastion, without jump hosts yet. */
async function fillTunneled(page: Page, name: string): Promise<void> {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Type").selectOption({ label: "PostgreSQL" });
  await page.getByLabel("Host", { exact: true }).fill("db.internal");
  await page.getByLabel("Database").fill("app");
  await page.getByLabel("User", { exact: true }).fill("reader");
  await page.getByLabel("Password", { exact: true }).fill("reader-password");
  await page.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
  await page.getByLabel("Bastion host").fill("bastion.internal");
  await page.getByLabel("SSH user").fill("dynamiq");
  await page.getByLabel("Private key", { exact: true }).fill(tunnelKey.privateKey);
}

const hopField = (page: Page, hop: number, label: string) => page.getByLabel(`Jump host ${hop} · ${label}`, { exact: true });

async function addHop(page: Page, host: string, user: string): Promise<number> {
  await page.getByRole("button", { name: "Add jump host" }).click();
  const hop = await page.getByRole("group", { name: /^Jump host \d$/ }).count();
  // The new row's host field has the focus.
  expect(await hopField(page, hop, "Host").evaluate((input) => input === document.activeElement)).toBe(true);
  await page.keyboard.type(host);
  await hopField(page, hop, "User").fill(user);
  return hop;
}

/** Each row's host, in order on screen. */
function hostsShown(page: Page): Promise<string[]> {
  return page
    .getByRole("group", { name: /^Jump host \d$/ })
    .evaluateAll((groups) => groups.map((group) => (group.querySelector("input[id$='-host']") as HTMLInputElement).value));
}

/** The error shown under the field with this label. */
function fieldError(page: Page, label: string) {
  return page
    .locator("[data-field]")
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator(".field-error");
}

async function savedView(id: string) {
  const response = await api("GET", `/v1/connections/${id}`, { key: tenant.key });
  expect(response.status, response.text).toBe(200);
  return response.body.data.config.ssh_tunnel as {
    host: string;
    authorized_keys_line: string;
    jump_hosts: Array<{ host: string; port: number; user: string; key_source: string; authorized_keys_line: string; public_key: string }>;
  };
}

describe("jump hosts in the connection form, in a real browser", () => {
  it("adds, reorders and removes rows by keyboard, stops at four, and sends the rows in order", async () => {
    const page = await newForm();
    await fillTunneled(page, "through-jumps");
    // Above the bastion fields.
    const add = page.getByRole("button", { name: "Add jump host" });
    expect((await add.boundingBox())!.y).toBeLessThan((await page.getByLabel("Bastion host").boundingBox())!.y);

    await addHop(page, "jump-a.internal", "hop-a");
    await addHop(page, "jump-b.internal", "hop-b");
    await addHop(page, "jump-c.internal", "hop-c");
    await addHop(page, "jump-d.internal", "hop-d");
    expect(await add.isDisabled()).toBe(true);
    expect(await page.locator(`#${await add.getAttribute("aria-describedby")}`).innerText()).toBe(
      "At most 4 jump hosts: remove one to add another.",
    );

    // Move the third up with the keyboard: the focus stays on its move button, now on row 2.
    await page.getByRole("button", { name: "Move jump host 3 up" }).focus();
    await page.keyboard.press("Enter");
    expect(await hostsShown(page)).toEqual(["jump-a.internal", "jump-c.internal", "jump-b.internal", "jump-d.internal"]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Move jump host 2 up");
    await page.keyboard.press("Enter");
    expect(await hostsShown(page)).toEqual(["jump-c.internal", "jump-a.internal", "jump-b.internal", "jump-d.internal"]);
    // At the top, "up" is disabled: the focus moves to the row's "down" button instead.
    expect(await page.getByRole("button", { name: "Move jump host 1 up" }).isDisabled()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Move jump host 1 down");
    expect(await hopField(page, 1, "User").inputValue()).toBe("hop-c");

    await page.getByRole("button", { name: "Remove jump host 4" }).click();
    await page.getByRole("button", { name: "Remove jump host 2" }).click();
    expect(await hostsShown(page)).toEqual(["jump-c.internal", "jump-b.internal"]);
    expect(await add.isDisabled()).toBe(false);
    expect(await page.getByLabel("Bastion host").locator("xpath=../..").innerText()).toContain("Reachable from jump host 2");

    // The second hop logs in with its own key, chosen as a file, and a port of its own.
    await page.getByRole("button", { name: "Jump host 2 · Own key and pinned host key (optional)" }).click();
    await page.getByLabel("Jump host 2 · Choose key file").setInputFiles(hopKey.path);
    await expect.poll(() => hopField(page, 2, "Private key").inputValue()).toBe(hopKey.privateKey);
    await hopField(page, 2, "Port").fill("2222");

    const sent = page.waitForRequest((request) => request.url().includes("connection.create"));
    await page.getByRole("button", { name: "Create connection" }).click();
    // A batched tRPC call: its input under "0".
    const { config } = ((await sent).postDataJSON() as Record<string, { config: { ssh_tunnel: { jump_hosts: unknown } } }>)["0"]!;
    expect(config.ssh_tunnel.jump_hosts).toEqual([
      { host: "jump-c.internal", user: "hop-c" },
      { host: "jump-b.internal", port: 2222, user: "hop-b", private_key: hopKey.privateKey },
    ]);
    await page.waitForURL(/\/connections$/);

    const row = await db().connection.findFirstOrThrow({ where: { projectId: tenant.projectId, name: "through-jumps" } });
    const view = await savedView(row.id);
    expect(view.jump_hosts.map((hop) => [hop.host, hop.port, hop.user, hop.key_source])).toEqual([
      ["jump-c.internal", 22, "hop-c", "tunnel"],
      ["jump-b.internal", 2222, "hop-b", "provided"],
    ]);
    expect(view.jump_hosts[1]!.public_key).toBe(hopKey.publicKey);
    await page.close();
  });

  it("shows the saved hops on the edit form, keeps a hop's stored key until told to use the tunnel's, and lists each server's authorized_keys line", async () => {
    const created = await api("POST", "/v1/connections", {
      key: tenant.key,
      body: {
        name: "edit-jumps",
        project_id: tenant.projectId,
        type: "dynamiq.connections.PostgreSQL",
        config: {
          host: "db.internal",
          database: "app",
          user: "reader",
          password: "reader-password",
          ssh_tunnel: {
            host: "bastion.internal",
            user: "dynamiq",
            private_key: tunnelKey.privateKey,
            jump_hosts: [
              { host: "jump-1.internal", user: "hop", private_key: hopKey.privateKey },
              { host: "jump-2.internal", port: 2200, user: "hop" },
            ],
          },
        },
      },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.data.id as string;
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInAs(page, user);
    await page.goto(`${target().baseUrl}/connections/${id}/edit`);
    await page.getByLabel("Name").and(page.locator(":enabled")).waitFor();

    expect(await hostsShown(page)).toEqual(["jump-1.internal", "jump-2.internal"]);
    expect(await hopField(page, 2, "Port").inputValue()).toBe("2200");
    // The first hop's own key is stored: its fields are open, blank, and say blank keeps it.
    expect(await hopField(page, 1, "Private key").inputValue()).toBe("");
    expect(await page.locator("[data-field]", { has: hopField(page, 1, "Private key") }).innerText()).toContain(
      "Stored — leave blank to keep it",
    );
    expect(await hopField(page, 2, "Private key").isVisible()).toBe(false);

    // Each server's line to copy, in chain order, each limited to the next server.
    const view = await savedView(id);
    const lines = [
      ["Jump host 1", view.jump_hosts[0]!.authorized_keys_line],
      ["Jump host 2", view.jump_hosts[1]!.authorized_keys_line],
      ["Bastion", view.authorized_keys_line],
    ] as const;
    for (const [server, line] of lines) {
      expect(await page.getByLabel(`${server} · authorized_keys line`, { exact: true }).inputValue()).toBe(line);
      expect(await page.getByRole("button", { name: `Copy authorized_keys line for ${server.toLowerCase()}` }).count()).toBe(1);
    }
    expect(view.jump_hosts[0]!.authorized_keys_line).toContain('permitopen="jump-2.internal:2200"');
    await expect.poll(() => page.title()).not.toBe("");
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Renaming keeps every stored secret, the hop's key included.
    const before = Object.keys(JSON.parse((await db().connection.findUniqueOrThrow({ where: { id } })).secrets)).sort();
    expect(before).toContain("ssh_tunnel.jump_hosts.0.private_key");
    await page.getByLabel("Name").fill("edit-jumps-renamed");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator("#form-status").textContent()).toBe("Saved.");
    const after = await db().connection.findUniqueOrThrow({ where: { id } });
    expect(after.name).toBe("edit-jumps-renamed");
    expect(Object.keys(JSON.parse(after.secrets)).sort()).toEqual(before);
    expect((await savedView(id)).jump_hosts.map((hop) => hop.key_source)).toEqual(["provided", "tunnel"]);

    // After the save the hop still knows its key is stored; asked to, it forgets it for the tunnel's.
    expect(await page.locator("[data-field]", { has: hopField(page, 1, "Private key") }).innerText()).toContain(
      "Stored — leave blank to keep it",
    );
    await hopField(page, 1, "Log in with the tunnel's key instead").check();
    expect(await hopField(page, 1, "Private key").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await savedView(id)).jump_hosts.map((hop) => hop.key_source)).toEqual(["tunnel", "tunnel"]);
    const forgotten = Object.keys(JSON.parse((await db().connection.findUniqueOrThrow({ where: { id } })).secrets));
    expect(forgotten.filter((path) => path.startsWith("ssh_tunnel.jump_hosts"))).toEqual([]);
    await page.close();
  });

  it("puts a hop's errors at its row and in the summary, from the browser and from the server, saving nothing", async () => {
    const before = await projectSnapshot(tenant.projectId);
    const page = await newForm();
    await fillTunneled(page, "bad-jumps");
    await addHop(page, "jump-1.internal", "hop");
    await page.getByRole("button", { name: "Add jump host" }).click();
    await hopField(page, 2, "Port").fill("70000");
    await page.getByRole("button", { name: "Create connection" }).click();

    const summary = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: /^Fix \d fields? before saving$/ }) });
    await summary.waitFor();
    expect(await summary.getByRole("link").allInnerTexts()).toEqual([
      "Jump host 2 · Enter a host.",
      "Jump host 2 · Port must be a whole number from 1 to 65535.",
      "Jump host 2 · Enter a user.",
    ]);
    expect(await fieldError(page, "Jump host 2 · Port").innerText()).toBe("Jump host 2 · Port must be a whole number from 1 to 65535.");
    expect(await hopField(page, 2, "Port").getAttribute("aria-invalid")).toBe("true");
    expect(await fieldError(page, "Jump host 1 · Host").count()).toBe(0);
    await summary.getByRole("link", { name: "Jump host 2 · Enter a host." }).click();
    expect(await hopField(page, 2, "Host").evaluate((input) => input === document.activeElement)).toBe(true);

    // Valid in the browser, refused by the server: the second hop's own key is not a key.
    await hopField(page, 2, "Host").fill("jump-2.internal");
    await hopField(page, 2, "Port").fill("");
    await hopField(page, 2, "User").fill("hop");
    await page.getByRole("button", { name: "Jump host 2 · Own key and pinned host key (optional)" }).click();
    await hopField(page, 2, "Private key").fill("this is not a private key");
    await page.getByRole("button", { name: "Create connection" }).click();
    await expect.poll(() => fieldError(page, "Jump host 2 · Private key").count(), { timeout: 15_000 }).toBe(1);
    const message = await fieldError(page, "Jump host 2 · Private key").innerText();
    expect(message).toMatch(/^Jump host 2 · /);
    expect(await summary.getByRole("link").allInnerTexts()).toEqual([message]);
    expect(page.url()).toMatch(/\/connections\/new$/);

    // Test says the same before any server is contacted: SSH login fails, under the hop it is about.
    await page.getByRole("button", { name: "Test", exact: true }).click();
    const hopStages = page.getByRole("list", { name: "Jump host 2 · jump-2.internal", exact: true });
    await hopStages.locator('li[data-status="failed"]').waitFor({ timeout: 15_000 });
    expect(await hopStages.locator("li[data-stage]").evaluateAll((items) => items.map((li) => li.getAttribute("data-stage")))).toEqual([
      "ssh_auth",
    ]);
    expect(await hopStages.innerText()).toContain("PRIVATE_KEY_INVALID");
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
    await page.close();
  });

  it("has no serious axe violation and no sideways scroll at 390 px with two hops open", async () => {
    const page = await newForm(390);
    await fillTunneled(page, "phone-jumps");
    await addHop(page, "a-rather-long-jump-host-name.eu-west-1.compute.internal", "hop");
    await addHop(page, "jump-2.internal", "hop");
    for (const hop of [1, 2]) await page.getByRole("button", { name: `Jump host ${hop} · Own key and pinned host key (optional)` }).click();
    expect(await hopField(page, 2, "Pinned host key (optional)").isVisible()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(
      page
        .locator("section")
        .filter({ has: page.getByRole("heading", { name: "Jump hosts" }) })
        .first(),
      "jump-hosts-phone",
    );
    await page.close();
  });
});
