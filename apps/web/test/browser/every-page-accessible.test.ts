import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { authenticateSession, createChatConnector, signIn } from "@connections/api";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { seriousAxeViolations, horizontalOverflow } from "../support/axe.ts";
import { startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { launchBrowser } from "../support/browser.ts";
import { createConnection, query, testConnection } from "../support/connections.ts";
import { newTenant, services, target, type Tenant } from "../support/fixtures.ts";
import { saveScreenshot } from "../support/screenshot.ts";
import { signInAs, userIn } from "../support/sign-in.ts";

// #14: axe-core finds no critical or serious violation on any page or dialog, in light and dark,
// and no page scrolls sideways on a 390 px phone. Colours do not depend on the width, nor layout
// on the theme, so dark is checked at one width.
const DESKTOP = { width: 1200, height: 900 };
const PHONE = { width: 390, height: 844 };
const VARIANTS = [
  { name: "desktop, light", viewport: DESKTOP, scheme: "light", screenshot: null },
  { name: "desktop, dark", viewport: DESKTOP, scheme: "dark", screenshot: "dark" },
  { name: "phone, light", viewport: PHONE, scheme: "light", screenshot: "phone" },
] as const;

let browser: Browser;
let lab: BastionLab;
let pg: PostgresServer;
let tenant: Tenant;
let empty: Tenant;
let user: { email: string; password: string };
let newcomer: { email: string; password: string };
let workingId: string;
let chainedId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db, password: true });
  tenant = await newTenant("every-page");
  empty = await newTenant("every-page-empty");
  user = await userIn(tenant);
  newcomer = await userIn(empty);
  const db = { host: lab.dbHost, port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password };
  workingId = await createConnection(tenant, "PostgreSQL", { ...db, ssh_tunnel: tunnelConfig(lab) }, "warehouse");
  const brokenId = await createConnection(tenant, "PostgreSQL", { ...db, port: 1, ssh_tunnel: tunnelConfig(lab) }, "wrong-port");
  const hops = [
    { host: "jump-1.internal", user: "hop" },
    { host: "jump-2.internal", port: 2222, user: "hop" },
  ];
  chainedId = await createConnection(tenant, "PostgreSQL", { ...db, ssh_tunnel: tunnelConfig(lab, { jump_hosts: hops }) }, "chained");
  await createConnection(
    tenant,
    "MySQL",
    { host: lab.dbHost, port: 3306, database: "shop", user: "reader", password: "unused-in-this-test" },
    "never-tested",
  );
  expect((await testConnection(tenant, workingId)).ok).toBe(true);
  expect((await testConnection(tenant, brokenId)).ok).toBe(false);
  // A query leaves the bastion's SSH connection pooled, for the Tunnels page.
  expect((await query(tenant, workingId, "select 1")).status).toBe(200);
  const { token } = await signIn(services(), user);
  const principal = await authenticateSession(services(), token);
  await createChatConnector(services(), principal!, {
    name: "warehouse-chat",
    type: "dynamiq.connections.PostgreSQL",
    config: { ...db, ssh_tunnel: tunnelConfig(lab) },
  } as Parameters<typeof createChatConnector>[2]);
});
afterAll(async () => {
  await browser?.close();
  await pg?.stop();
  await lab?.stop();
});

interface Screen {
  name: string;
  /** Who is signed in, if anyone. */
  as?: () => { email: string; password: string };
  path: () => string;
  /** Brings the page into the state to check (opens a dialog, submits an empty form …). */
  then?: (page: Page) => Promise<void>;
  /** The README's phone and dark-mode screenshots of this screen (with UPDATE_SCREENSHOTS=1). */
  screenshot?: string;
}

const SCREENS: Screen[] = [
  { name: "home, signed out", path: () => "/" },
  { name: "sign-in", path: () => "/sign-in" },
  {
    name: "sign-in with a wrong password",
    path: () => "/sign-in",
    then: async (page) => {
      await page.getByLabel("Email").fill("nobody@example.com");
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: /./ }).first().waitFor();
    },
  },
  { name: "connections, none yet", as: () => newcomer, path: () => "/connections" },
  { name: "connections, passed, failed and never tested", as: () => user, path: () => "/connections", screenshot: "connections-page" },
  {
    name: "connections, the account menu open",
    as: () => user,
    path: () => "/connections",
    then: async (page) => {
      await page.getByRole("button", { name: /^Account: / }).click();
      await page.getByRole("menu").waitFor();
    },
  },
  {
    name: "connections, the delete dialog open",
    as: () => user,
    path: () => "/connections",
    then: async (page) => {
      await openRowAction(page, "Delete wrong-port");
      await page.getByRole("alertdialog").waitFor();
    },
  },
  { name: "new connection", as: () => user, path: () => "/connections/new", screenshot: "connection-form" },
  {
    name: "new connection, saved empty",
    as: () => user,
    path: () => "/connections/new",
    then: async (page) => {
      await page.getByRole("button", { name: "Create connection" }).click();
      await page.getByRole("alert").filter({ hasText: /./ }).first().waitFor();
    },
  },
  {
    name: "new connection, two jump hosts open",
    as: () => user,
    path: () => "/connections/new",
    then: async (page) => {
      await page.getByLabel("Name").and(page.locator(":enabled")).waitFor();
      await page.getByRole("switch", { name: "Connect through an SSH tunnel" }).click();
      for (const hop of [1, 2]) {
        await page.getByRole("button", { name: "Add jump host" }).click();
        await page.getByRole("button", { name: `Jump host ${hop} · Own key and pinned host key (optional)` }).click();
      }
    },
  },
  { name: "edit connection", as: () => user, path: () => `/connections/${workingId}/edit` },
  { name: "edit connection with jump hosts", as: () => user, path: () => `/connections/${chainedId}/edit` },
  { name: "SQL console", as: () => user, path: () => `/connections/${workingId}/console` },
  {
    name: "SQL console, the History menu open",
    as: () => user,
    path: () => `/connections/${workingId}/console`,
    then: async (page) => {
      await page.getByRole("button", { name: "History" }).click();
      await page.getByRole("menu", { name: "History" }).getByText("Nothing run here yet").waitFor();
    },
  },
  { name: "chat", as: () => newcomer, path: () => "/chat" },
  { name: "chat with a connector", as: () => user, path: () => "/chat" },
  {
    name: "chat, the connect dialog open",
    as: () => user,
    path: () => "/chat",
    then: async (page) => {
      await page.getByRole("button", { name: "Connect a database" }).click();
      await page.getByRole("dialog").waitFor();
    },
    screenshot: "chat-connect-modal",
  },
  { name: "audit log", as: () => user, path: () => "/audit" },
  { name: "audit log, a bad date typed", as: () => user, path: () => "/audit?since=2026-13-40" },
  { name: "audit log, nothing recorded", as: () => newcomer, path: () => "/audit?outcome=error" },
  { name: "tunnels, none in use", as: () => newcomer, path: () => "/tunnels" },
  {
    name: "tunnels, one connected",
    as: () => user,
    path: () => "/tunnels",
    then: async (page) => {
      await page.getByRole("article").getByText("Connected").waitFor();
    },
    screenshot: "tunnels-page",
  },
  { name: "a page that does not exist", as: () => user, path: () => "/connections/con_missing/edit" },
];

/** Clicks a row's action, whether it is a button in the row or an item of the row's menu. */
async function openRowAction(page: Page, name: string): Promise<void> {
  const direct = page.getByRole("button", { name, exact: true }).filter({ visible: true });
  if ((await direct.count()) > 0) return direct.first().click();
  const row = name.replace(/^\w+ /, "");
  await page
    .getByRole("button", { name: `More actions for ${row}` })
    .filter({ visible: true })
    .first()
    .click();
  await page.getByRole("menuitem", { name: new RegExp(`^${name.split(" ")[0]}`) }).click();
}

describe("every page and dialog, in a real browser", () => {
  for (const { name, viewport, scheme, screenshot } of VARIANTS) {
    it(`has no serious axe violation and no sideways scroll: ${name}`, { timeout: 240_000 }, async () => {
      const contexts: BrowserContext[] = [];
      // One tab per person, signed in once: signing in costs a password hash.
      const tabFor = async (person?: { email: string; password: string }): Promise<Page> => {
        const context = await browser.newContext({ viewport, colorScheme: scheme });
        contexts.push(context);
        const page = await context.newPage();
        if (person) await signInAs(page, person);
        return page;
      };
      const tabs = new Map<string | undefined, Page>();
      const findings: Record<string, unknown> = {};
      const overflows: Record<string, number> = {};
      try {
        for (const screen of SCREENS) {
          const person = screen.as?.();
          const page = tabs.get(person?.email) ?? (await tabFor(person));
          tabs.set(person?.email, page);
          await page.goto(`${target().baseUrl}${screen.path()}`);
          await screen.then?.(page);
          const violations = await seriousAxeViolations(page);
          if (violations.length > 0) findings[screen.name] = violations;
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) overflows[screen.name] = overflow;
          if (screen.screenshot && screenshot)
            await saveScreenshot(page, `${screen.screenshot}-${screenshot}`, { fullPage: screen.then === undefined });
        }
      } finally {
        await Promise.all(contexts.map((context) => context.close()));
      }
      expect(findings).toEqual({});
      expect(overflows).toEqual({});
    });
  }
});
