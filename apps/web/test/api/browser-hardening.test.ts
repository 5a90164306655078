import { readFileSync, statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@connections/api";
import { recordFigure } from "@connections/testkit";
import { newTenant, projectSnapshot, target, type Tenant } from "../support/fixtures.ts";
import { signedInUser, type SignedInUser } from "../support/signed-in-user.ts";

// SPEC §9 browser hardening, against the built server: security headers on pages and API answers,
// the session cookie over HTTPS, Origin checks on state-changing calls, JSON-only tRPC mutations,
// and 405 (not a 500 with a stack trace) for unknown methods.

const EVIL = "http://evil.example";

let tenant: Tenant;
let user: SignedInUser;
/** Tests that passed, so the figure is recorded only when all of them did. */
let passed = 0;
beforeAll(async () => {
  tenant = await newTenant("browser-hardening");
  user = await signedInUser(tenant);
});

async function send(path: string, init: RequestInit = {}) {
  const response = await fetch(`${target().baseUrl}${path}`, { redirect: "manual", ...init });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** A method fetch refuses to send (TRACE), over plain node:http. */
function rawMethod(method: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${target().baseUrl}${path}`, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

function expectSecurityHeaders(headers: Headers): void {
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("same-origin");
  expect(headers.get("x-frame-options")).toBe("DENY");
  expect(headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
}

const listInput = () => encodeURIComponent(JSON.stringify({ project_id: tenant.projectId }));
const createInput = (name: string) => ({
  name,
  project_id: tenant.projectId,
  type: "dynamiq.connections.PostgreSQL",
  config: { host: "db.internal", database: "d", user: "u", password: "hardening-pw" },
});

async function sessionWorks(cookie: string): Promise<boolean> {
  const response = await send(`/api/trpc/connection.list?input=${listInput()}`, { headers: { cookie } });
  return response.status === 200;
}

describe("security headers", () => {
  it("every page carries CSP with a fresh nonce on each of its scripts, frame-ancestors 'none', nosniff and Referrer-Policy", async () => {
    const nonces = new Set<string>();
    for (const [path, init] of [
      ["/sign-in", {}],
      ["/", {}],
      ["/connections", {}],
      ["/connections", { headers: { cookie: user.cookie } }],
    ] as const) {
      const page = await send(path, init);
      expectSecurityHeaders(page.headers);
      const csp = page.headers.get("content-security-policy")!;
      if (page.status !== 200) continue;
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(csp).toMatch(/script-src [^;]*'nonce-[^']+'/);
      expect(nonce).toBeDefined();
      nonces.add(nonce!);
      const scripts = page.text.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
    passed++;
  });

  it("every API answer carries Cache-Control: no-store and the same protections", async () => {
    const answers = [
      await send(`/v1/connections?project_id=${tenant.projectId}`, { headers: { authorization: `Bearer ${tenant.key}` } }),
      await send("/v1/connections"),
      await send("/v1/openapi.json"),
      await send("/v1/no-such-route"),
      await send(`/v1/connections?project_id=${tenant.projectId}`, {
        method: "POST",
        headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
        body: "{}",
      }),
      await send(`/api/trpc/connection.list?input=${listInput()}`, { headers: { authorization: `Bearer ${tenant.key}` } }),
      await send("/api/trpc/connection.create", {
        method: "POST",
        headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
        body: "{}",
      }),
      await send("/sign-out", { method: "POST" }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 200, 404, 422, 200, 422, 303]);
    for (const answer of answers) {
      expectSecurityHeaders(answer.headers);
      expect(answer.headers.get("cache-control")).toBe("no-store");
    }
    passed++;
  });

  it("HSTS only when a proxy says the browser came over HTTPS", async () => {
    for (const path of ["/sign-in", "/v1/openapi.json"]) {
      expect((await send(path)).headers.get("strict-transport-security")).toBeNull();
      const https = await send(path, { headers: { "x-forwarded-proto": "https" } });
      expect(https.headers.get("strict-transport-security")).toBe("max-age=31536000");
    }
    passed++;
  });
});

describe("the session cookie over HTTPS", () => {
  it("is read under its __Host- name only when the proxy says HTTPS, and under the plain name only over HTTP", async () => {
    const token = user.cookie.slice(SESSION_COOKIE.length + 1);
    const hostCookie = `__Host-${SESSION_COOKIE}=${token}`;
    const list = (headers: Record<string, string>) => send(`/api/trpc/connection.list?input=${listInput()}`, { headers });
    expect((await list({ cookie: hostCookie, "x-forwarded-proto": "https" })).status).toBe(200);
    expect((await list({ cookie: user.cookie, "x-forwarded-proto": "https" })).status).toBe(401);
    expect((await list({ cookie: user.cookie })).status).toBe(200);
    expect((await list({ cookie: hostCookie })).status).toBe(401);
    passed++;
  });
});

describe("state-changing calls from another origin", () => {
  it("a cross-origin sign-out is refused and the session still works", async () => {
    const victim = await signedInUser(tenant);
    const refused = await send("/sign-out", {
      method: "POST",
      headers: { cookie: victim.cookie, origin: EVIL, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(EVIL);
    expect(await sessionWorks(victim.cookie)).toBe(true);

    // The same request from our own origin signs out.
    const own = await send("/sign-out", {
      method: "POST",
      headers: { cookie: victim.cookie, origin: target().baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(own.status).toBe(303);
    expect(await sessionWorks(victim.cookie)).toBe(false);
    passed++;
  });

  it("a cross-origin tRPC mutation is refused before it runs; a page without Origin of another site too", async () => {
    const before = await projectSnapshot(tenant.projectId);
    const mutate = (headers: Record<string, string>, name: string) =>
      send("/api/trpc/connection.create", {
        method: "POST",
        headers: { cookie: user.cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify(createInput(name)),
      });
    const refused = await mutate({ origin: EVIL }, "csrf-origin");
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      data: { httpStatus: 403, appCode: "CROSS_ORIGIN_REFUSED" },
      message: expect.stringContaining(EVIL),
    });
    const bodiless = await send("/api/trpc/connection.delete", {
      method: "POST",
      headers: { cookie: user.cookie, origin: EVIL, "content-type": "application/json" },
    });
    expect(bodiless.status).toBe(403);
    expect((await mutate({ "sec-fetch-site": "cross-site" }, "csrf-fetch-site")).status).toBe(403);
    expect(await projectSnapshot(tenant.projectId)).toBe(before);

    // From our own origin, and from a program that sends no Origin, the same call works.
    expect((await mutate({ origin: target().baseUrl }, "own-origin")).status).toBe(200);
    expect((await mutate({}, "no-origin")).status).toBe(200);
    passed++;
  });

  it("a cross-origin sign-in is refused without a session; REST takes no session cookie at all", async () => {
    const form = new FormData();
    form.set("email", "someone@example.com");
    form.set("password", "whatever");
    const signIn = await send("/sign-in", { method: "POST", headers: { origin: EVIL, "next-action": "0".repeat(40) }, body: form });
    expect(signIn.status).toBe(403);
    expect(signIn.headers.get("set-cookie")).toBeNull();

    const before = await projectSnapshot(tenant.projectId);
    const rest = await send("/v1/connections", {
      method: "POST",
      headers: { cookie: user.cookie, "content-type": "application/json" },
      body: JSON.stringify(createInput("rest-cookie")),
    });
    expect(rest.status).toBe(401);
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
    passed++;
  });

  it("a multipart/form-data (or any non-JSON) tRPC mutation is refused with 415 and changes nothing", async () => {
    const created = await send("/api/trpc/connection.create", {
      method: "POST",
      headers: { cookie: user.cookie, "content-type": "application/json" },
      body: JSON.stringify(createInput("kept")),
    });
    expect(created.status).toBe(200);
    const before = await projectSnapshot(tenant.projectId);
    const form = new FormData();
    form.set("id", created.body.result.data.id);
    for (const body of [form, new Blob([JSON.stringify({ id: created.body.result.data.id })], { type: "application/octet-stream" })]) {
      const refused = await send("/api/trpc/connection.delete", { method: "POST", headers: { cookie: user.cookie }, body });
      expect(refused.status).toBe(415);
      expect(refused.body.error).toMatchObject({
        data: { appCode: "UNSUPPORTED_MEDIA_TYPE" },
        message: expect.stringContaining("application/json"),
      });
    }
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
    passed++;
  });
});

describe("unknown methods", () => {
  it.each([
    ["TRACE", "/"],
    ["TRACE", "/v1/connections"],
    ["TRACE", "/api/trpc/connection.list"],
    ["PROPFIND", "/v1/connections"],
    ["PROPFIND", "/connections"],
  ])("%s %s → 405 with Allow, and nothing in the server log", async (method, path) => {
    const log = target().logFile;
    const logged = statSync(log).size;
    const response = await rawMethod(method, path);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    if (path.startsWith("/v1/"))
      expect(JSON.parse(response.text)).toEqual({
        error: { code: "METHOD_NOT_ALLOWED", message: expect.stringContaining(`${method} is not supported`) },
      });
    // A request the server got is logged, if at all, before its answer is sent.
    // Other test files share this server, so look for this request's traces, not for silence.
    expect(readFileSync(log).subarray(logged).toString("utf8")).not.toMatch(new RegExp(`^\\s+at |${method}`, "m"));
    passed++;
  });
});

afterAll(() => {
  if (passed !== 13) return;
  recordFigure({
    id: "S7",
    measure:
      "browser hardening: headers on 4 pages and 8 API answers; cross-origin sign-out, sign-in and tRPC mutations; REST with a session cookie; multipart and octet-stream mutations; TRACE and PROPFIND",
    value:
      "every header present; foreign-origin calls 403 CROSS_ORIGIN_REFUSED, session intact, nothing stored; REST with a cookie 401; non-JSON 415; unknown methods 405, no stack trace logged",
    target: "SPEC §9 browser hardening",
  });
});
