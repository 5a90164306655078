import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { SESSION_COOKIE } from "@connections/api";
import { launchBrowser } from "../support/browser.ts";
import { newTenant, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { signInAs, signOutFrom, userIn } from "../support/sign-in.ts";

// SPEC §9: a page of another origin cannot frame ours (clickjacking of Delete and the console),
// and the pages' CSP blocks nothing of our own: hydration, client components and styles work.

let browser: Browser;
let tenant: Tenant;
let attacker: Server;
let attackerUrl: string;

beforeAll(async () => {
  browser = await launchBrowser();
  tenant = await newTenant("framing");
  const created = await api("POST", "/v1/connections", {
    key: tenant.key,
    body: {
      name: "framed",
      project_id: tenant.projectId,
      type: "dynamiq.connections.PostgreSQL",
      config: { host: "db.internal", database: "d", user: "u", password: "p" },
    },
  });
  expect(created.status).toBe(201);
  // Another origin on loopback (a different port) whose page frames ours.
  attacker = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://x").searchParams.get("frame") ?? "/sign-in";
    response.writeHead(200, { "content-type": "text/html" });
    response.end(
      `<!doctype html><title>attacker</title><iframe id="victim" src="${target().baseUrl}${path}" width="800" height="600"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as { port: number }).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
});

/** CSP violations the page reports, collected from the moment the listener is added. */
function violations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

describe("framing and the pages' CSP, in a real browser", () => {
  it("a page of another origin cannot frame the sign-in page or the Connections page", async () => {
    const page = await browser.newPage();
    await signInAs(page, await userIn(tenant));
    const reported = violations(page);
    for (const framed of ["/sign-in", "/connections"]) {
      await page.goto(`${attackerUrl}?frame=${encodeURIComponent(framed)}`);
      const frame = await (await page.waitForSelector("#victim")).contentFrame();
      await frame!.waitForLoadState();
      // A blocked frame shows the browser's error page: none of our content, no button to click.
      expect(await frame!.locator("text=Connections").count()).toBe(0);
      expect(await frame!.locator("button").count()).toBe(0);
      expect(frame!.url()).not.toBe(`${target().baseUrl}${framed}`);
    }
    await expect.poll(() => reported.some((text) => text.includes("frame-ancestors"))).toBe(true);
    await page.close();
  });

  it("our own pages run under their CSP with no violation: sign-in, the list, the new-connection form (hydrated: its switch works) and Chat", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const reported = violations(page);
    await signInAs(page, await userIn(tenant));
    await expect.poll(() => page.getByRole("row").count()).toBe(2);
    await page.getByRole("link", { name: "New connection" }).click();
    await page.waitForURL(/\/connections\/new$/);
    // A client component reacting to input proves hydration ran.
    await page.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
    await expect.poll(() => page.getByLabel("Bastion host").count()).toBe(1);
    await page.goto(`${target().baseUrl}/chat`);
    await page.waitForLoadState("networkidle");
    expect(reported).toEqual([]);
    await context.close();
  });

  it("behind an HTTPS proxy the session cookie is Secure and __Host- prefixed", async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-proto": "https" } });
    const page = await context.newPage();
    await signInAs(page, await userIn(tenant));
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toEqual([`__Host-${SESSION_COOKIE}`]);
    expect(cookies[0]).toMatchObject({ secure: true, httpOnly: true, path: "/", sameSite: "Lax" });
    await signOutFrom(page);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
