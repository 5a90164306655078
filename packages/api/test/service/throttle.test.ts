import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../src/auth/sign-in.ts";
import { WorkLimiter } from "../../src/limits/work-limiter.ts";
import { expectRefusedUnchanged, refusal } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Tenant } from "./support/world.ts";

// Small limits, so each rule is reached in a few calls.
const LIMITS = {
  CONNECTIONS_SIGN_IN_FAILURES_PER_ACCOUNT: "3",
  CONNECTIONS_SIGN_IN_LOCK_SECONDS: "60",
  CONNECTIONS_CALLS_BURST: "2",
  CONNECTIONS_CALLS_PER_MINUTE: "1",
};
const TRINO = "dynamiq.connections.Trino" as const;
// Nothing listens on port 1: a test that gets past the checks fails at once at the tcp stage.
const REFUSED = { type: TRINO, config: { host: "127.0.0.1", port: 1, user: "analyst" } };

let services: ScratchServices;
let tenant: Tenant;

beforeAll(async () => {
  services = await openScratchServices({ throttle: LIMITS });
  tenant = await newTenant(services, "throttle");
});
afterAll(() => services?.close());

describe("sign-in throttling", () => {
  it("failures slow, then lock the account; even the right password waits, and nothing secret is logged", async () => {
    const attempt = (password: string) =>
      signIn(services, { email: tenant.user.email, password }, { peer: "198.51.100.7", forwardedFor: null });
    expect((await refusal(attempt("wrong-1"))).app.code).toBe("UNAUTHENTICATED");
    const slowed = (await refusal(attempt("wrong-2"))).app;
    expect(slowed).toMatchObject({ code: "RATE_LIMITED", details: { scope: "account", retry_after_s: 1 } });
    const locked = (await refusal(attempt(tenant.user.password))).app;
    expect(locked).toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/locked/),
      details: { scope: "account", limit: 3 },
    });
    expect(await services.db.session.count()).toBe(0);
    const events = services.events.map((e) => e.fields);
    expect(events.map((e) => e.event)).toEqual(["sign_in_failed", "sign_in_failed", "sign_in_locked", "sign_in_failed"]);
    expect(events[0]).toMatchObject({ email: tenant.user.email, client_address: "198.51.100.7" });
    expect(JSON.stringify(services.events)).not.toMatch(/wrong-|password-/);
  });
});

describe("network-reaching calls are rate-limited per principal", () => {
  it("bad input spends no budget; past the burst a call is RATE_LIMITED with when to retry", async () => {
    const api = callerFor(services, tenant.keyPrincipal);
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.testUnsaved({ ...REFUSED, config: { ...REFUSED.config, port: 0 } }),
      "VALIDATION_FAILED",
      ["config.port"],
    );
    for (let i = 0; i < 2; i++) expect((await api.connection.testUnsaved(REFUSED)).ok).toBe(false);
    const limited = await expectRefusedUnchanged(services.db, () => api.connection.testUnsaved(REFUSED), "RATE_LIMITED");
    expect(limited.details).toMatchObject({ scope: "access_key", limit: 1, retry_after_s: expect.any(Number) });
    expect(services.events.at(-1)?.fields).toMatchObject({ event: "calls_rate_limited", principal: "access_key" });
    // The budget is the caller's: the project's member still has theirs.
    expect((await callerFor(services, tenant.user).connection.testUnsaved(REFUSED)).ok).toBe(false);
  });
});

describe("work running at once is bounded", () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let answering = false;
  beforeAll(async () => {
    // Until `answering`, connections are accepted and never answered; then each is dropped at once.
    silent = createServer((socket) => (answering ? socket.destroy() : sockets.push(socket)));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => silent?.close());

  it("a call over the limit is TOO_BUSY at once, with Retry-After details", async () => {
    const busy = { ...services, limits: new WorkLimiter(1) };
    const other = await newTenant(services, "busy");
    const api = callerFor(busy, other.keyPrincipal);
    const port = (silent.address() as { port: number }).port;
    // Accepted but never answered: the first test holds its slot until the socket is dropped.
    const first = api.connection.testUnsaved({ type: TRINO, config: { host: "127.0.0.1", port, user: "analyst" } });
    await expect.poll(() => sockets.length).toBeGreaterThan(0);
    // Refused after the rate budget was taken (it was a well-formed call), before anything is reached.
    const { app } = await refusal(api.connection.testUnsaved(REFUSED));
    expect(app).toMatchObject({ code: "TOO_BUSY", details: { limit: 1, retry_after_s: expect.any(Number) } });
    answering = true;
    for (const socket of sockets) socket.destroy();
    expect((await first).ok).toBe(false);
  });
});
