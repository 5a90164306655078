import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { DEFAULT_KEEPALIVE, keepaliveBudgetMs } from "@connections/tunnel";
import { recordFigure } from "@connections/testkit";
import { horizontalOverflow, seriousAxeViolations } from "../support/axe.ts";
import { launchBrowser } from "../support/browser.ts";
import { query } from "../support/connections.ts";
import { db, target } from "../support/fixtures.ts";
import { startPostgresBehindBastion, type PostgresBehindBastion } from "../support/postgres-behind-bastion.ts";
import { saveScreenshot } from "../support/screenshot.ts";
import { signInAs, userIn } from "../support/sign-in.ts";

// SPEC §12 in a real browser: the Tunnels page follows a real bastion's SSH connection live, shows
// it lost when sshd is killed, shows both fingerprints when sshd returns with another host key, and
// its "Accept new host key" re-pins the connection so the next test passes.

const KEEPALIVE_BUDGET_MS = keepaliveBudgetMs(DEFAULT_KEEPALIVE);

let browser: Browser;
let setup: PostgresBehindBastion;

beforeAll(async () => {
  browser = await launchBrowser();
  setup = await startPostgresBehindBastion("tunnels-page");
});

afterAll(async () => {
  await browser?.close();
  await setup?.stop();
});

const tunnelCard = (page: Page) => {
  const { sshd } = setup.lab;
  return page.getByRole("article", { name: `${sshd.user}@${sshd.host}:${sshd.port}` });
};

describe("the Tunnels page, live, through a real bastion", () => {
  it("shows the tunnel connected, then lost when sshd is killed, then both keys; Accept re-pins and the next test passes", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await signInAs(page, await userIn(setup.tenant));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tunnels" }).click();
    await page.waitForURL(/\/tunnels$/);
    await page.getByRole("heading", { name: "No tunnel in use" }).waitFor();

    // The page was loaded before the query: the tunnel arrives by the page's own refresh.
    expect((await query(setup.tenant, setup.id, "select 1")).status).toBe(200);
    const card = tunnelCard(page);
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toMatch(/Keepalive round trip\s+\d+ ms/);
    const connected = await card.innerText();
    expect(connected).toContain("Connected");
    expect(connected).toMatch(/Channels in use\s+1 of 64/);
    expect(connected).toMatch(/Reconnects\s+0/);
    expect(await card.getByRole("link", { name: setup.name }).getAttribute("href")).toBe(`/connections/${setup.id}/console`);

    const killedAt = performance.now();
    await setup.lab.sshd.kill("SIGKILL");
    await expect.poll(() => card.innerText(), { timeout: KEEPALIVE_BUDGET_MS }).toContain("Lost");
    const shownAfterMs = performance.now() - killedAt;
    expect(await card.innerText()).toContain("TUNNEL_LOST");
    // Said to screen readers too, without moving focus.
    const { sshd } = setup.lab;
    await expect.poll(() => page.locator("p[aria-live=polite]").innerText()).toBe(`${sshd.user}@${sshd.host}:${sshd.port} is now Lost.`);
    recordFigure({
      id: "tunnel-lost-on-page",
      measure: "bastion sshd SIGKILLed: the open Tunnels page shows the tunnel lost",
      value: `${shownAfterMs.toFixed(0)} ms`,
      target: `within the keepalive budget (${KEEPALIVE_BUDGET_MS / 1000} s)`,
    });

    const pinned = setup.lab.sshd.hostKeyFingerprint;
    await setup.lab.sshd.restart({ newHostKey: true });
    const presented = setup.lab.sshd.hostKeyFingerprint;
    expect((await query(setup.tenant, setup.id, "select 1")).body.error.details.code).toBe("HOST_KEY_MISMATCH");
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain("another host key than the one pinned");
    const mismatch = await card.innerText();
    expect(mismatch).toMatch(new RegExp(`Pinned \\(old\\)\\s+${escape(pinned)}`));
    expect(mismatch).toMatch(new RegExp(`Shown now \\(new\\)\\s+${escape(presented)}`));
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, "tunnels", { fullPage: true });

    await card.getByRole("button", { name: "Accept new host key" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Accept the new host key?" });
    expect(await dialog.innerText()).toContain(presented);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Accept new host key" }).click();
    await page.getByText("New host key pinned on 1 connection", { exact: true }).waitFor();
    // Accepting connects the tunnel again with the new key; the page shows it back.
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain("Connected");
    expect(await card.getByRole("button", { name: "Accept new host key" }).count()).toBe(0);
    expect(await card.innerText()).toMatch(/Reconnects\s+1/);
    const stored = JSON.parse((await db().connection.findUniqueOrThrow({ where: { id: setup.id } })).config);
    expect(stored.config.ssh_tunnel.host_key_fingerprint).toBe(presented);

    // The next test, from the connections list, passes every stage with the new key.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" }).click();
    await page.waitForURL(/\/connections$/);
    await page.getByRole("button", { name: `Test ${setup.name}` }).click();
    await page.getByRole("button", { name: new RegExp(`test details for ${setup.name}$`) }).click();
    const stages = page.getByRole("list", { name: `Test result for ${setup.name}` });
    await expect.poll(() => stages.getByRole("listitem").count(), { timeout: 20_000 }).toBe(9);
    const statuses = await stages.getByRole("listitem").evaluateAll((items) => items.map((li) => li.getAttribute("data-status")));
    expect(statuses.filter((status) => status !== "ok")).toEqual(["skipped"]);
  });

  it("fits a phone's width", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, await userIn(setup.tenant));
    await page.goto(`${target().baseUrl}/tunnels`);
    await tunnelCard(page).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, "tunnels-phone", { fullPage: true });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
