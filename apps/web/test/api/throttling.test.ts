import { readFileSync } from "node:fs";
import { createTRPCClient, httpBatchStreamLink, TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatConnectorInputSchema } from "@connections/core";
import { type AppRouter, createChatConnector, createUser, SESSION_COOKIE, signIn, THROTTLE_VARIABLES } from "@connections/api";
import { recordFigure, startNextServer, type NextServer } from "@connections/testkit";
import { createConnection } from "../support/connections.ts";
import { openPorts, type ProbeAnswer, probeOf, restProber, trpcProber } from "../support/port-scan.ts";
import { db, newTenant, services, target } from "../support/fixtures.ts";
import { signInThroughForm } from "../support/sign-in-form.ts";
import { WEB_DIR } from "../support/start-api-target.ts";

// S5: guessing is slow. Two servers of our own on the suite's database, with every limit at its
// default (10 sign-in failures per account and 50 per address within 15 minutes; 120 network calls
// at once, then 60 a minute), as a deployment with several instances runs them.

const ACCOUNT_LIMIT = 10;
const ADDRESS_LIMIT = 50;
const CALL_BURST = 120;
/** Calls of each other kind right after a scan: a few may get a token returned meanwhile, not all. */
const FOLLOW_UPS = 10;
const PASSWORD = "the right password";
const WRONG = (i: number) => `wrong-guess-${i}-${Math.random().toString(36).slice(2)}`;
const LOCKED = /Too many failed sign-ins for this account: sign-in is locked\. Try again in 15 minutes \(after \d\d:\d\d:\d\d UTC\)\.$/;
const ADDRESS_LOCKED = /^Too many failed sign-ins from your network address: sign-in is locked\. Try again in 15 minutes/;

let servers: NextServer[] = [];
/** Source addresses: a different one per client, since the servers see the socket's. */
let nextAddress = 20 + Math.floor(Math.random() * 200);
const newAddress = () => `127.0.${nextAddress++}.${1 + Math.floor(Math.random() * 250)}`;

beforeAll(async () => {
  // Nothing in this process's environment (which the servers inherit) changes a default.
  expect(Object.values(THROTTLE_VARIABLES).filter((name) => process.env[name] !== undefined)).toEqual([]);
  const { databaseUrl, encryptionKey } = target();
  const env = { DATABASE_URL: databaseUrl, CONNECTIONS_ENCRYPTION_KEY: encryptionKey, LOG_LEVEL: "warn" };
  servers = await Promise.all([startNextServer(WEB_DIR, env), startNextServer(WEB_DIR, env)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

async function newUser(projectId?: string): Promise<string> {
  const email = `throttle-${Math.random().toString(36).slice(2, 10)}@example.com`;
  await createUser(services(), { email, password: PASSWORD, ...(projectId ? { project_id: projectId } : {}) });
  return email;
}

/** The JSON log lines a server wrote that mention this email. */
function logLinesAbout(server: NextServer, email: string): Array<Record<string, unknown>> {
  return readFileSync(server.process.logFile, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.email === email);
}

describe("S5: sign-in failures are throttled per account and per client address", () => {
  it("locks an account at its 10th failure (even the right password is refused, from any address), then locks the address for every account", async () => {
    const [server] = servers as [NextServer];
    const email = await newUser();
    const from = newAddress();
    const guesses = Array.from({ length: ACCOUNT_LIMIT }, (_, i) => WRONG(i));
    const answers = [];
    for (const guess of guesses) answers.push(await signInThroughForm(server.baseUrl, from, email, guess));

    expect(answers.every((a) => a.session === null)).toBe(true);
    // The first third (4) are plain failures; then each says when to retry; the 10th locks.
    expect(answers.slice(0, 4).map((a) => a.message)).toEqual(Array(4).fill("Email or password is incorrect"));
    for (const answer of answers.slice(4, ACCOUNT_LIMIT - 1))
      expect(answer.message).toMatch(/Too many failed sign-ins for this account\. Try again in \d+ s\.$/);
    expect(answers[ACCOUNT_LIMIT - 1]!.message).toMatch(LOCKED);
    // While locked the right password is refused too, from this address and from another.
    for (const address of [from, newAddress()]) {
      const right = await signInThroughForm(server.baseUrl, address, email, PASSWORD);
      expect(right).toEqual({ session: null, message: expect.stringMatching(LOCKED) });
    }

    // The log has every failure and the lock, with the email and address, and no password. The
    // server writes its log asynchronously, so the last answer's line may come a moment later.
    const failuresLogged = () => logLinesAbout(server, email).filter((l) => l.event === "sign_in_failed");
    await expect.poll(() => failuresLogged().length, { timeout: 5_000 }).toBe(ACCOUNT_LIMIT + 2);
    const lines = logLinesAbout(server, email);
    const failures = lines.filter((l) => l.event === "sign_in_failed");
    expect(failures.slice(0, ACCOUNT_LIMIT).map((l) => l.account_failures)).toEqual(Array.from({ length: ACCOUNT_LIMIT }, (_, i) => i + 1));
    expect(failures[0]).toMatchObject({ level: 40, email, client_address: from, reason: "password" });
    expect(lines.filter((l) => l.event === "sign_in_locked")).toEqual([
      expect.objectContaining({ scope: "account", email, client_address: from, failures: ACCOUNT_LIMIT }),
    ]);
    const log = readFileSync(server.process.logFile, "utf8");
    for (const secret of [...guesses, PASSWORD]) expect(log).not.toContain(secret);

    // Guesses at other accounts from the same address: the address counter (11 so far) locks at 50.
    let sprayed = 0;
    let last = "";
    while (!ADDRESS_LOCKED.test(last) && sprayed < ADDRESS_LIMIT) {
      const answer = await signInThroughForm(server.baseUrl, from, `spray-${sprayed}-${email}`, WRONG(sprayed));
      last = answer.message ?? "";
      sprayed += 1;
    }
    expect(sprayed).toBe(ADDRESS_LIMIT - (ACCOUNT_LIMIT + 1));
    // A different account, never guessed at, with its right password: refused from that address only.
    const bystander = await newUser();
    expect(await signInThroughForm(server.baseUrl, from, bystander, PASSWORD)).toEqual({
      session: null,
      message: expect.stringMatching(ADDRESS_LOCKED),
    });
    // Headers claiming another address change nothing: no proxy is trusted, the socket's address counts.
    const claimed = { "x-forwarded-for": "198.51.100.7", "x-real-ip": "198.51.100.7", "x-connections-peer-address": "198.51.100.7" };
    expect(await signInThroughForm(server.baseUrl, from, bystander, PASSWORD, claimed)).toEqual({
      session: null,
      message: expect.stringMatching(ADDRESS_LOCKED),
    });
    const elsewhere = await signInThroughForm(server.baseUrl, newAddress(), bystander, PASSWORD);
    expect(elsewhere).toEqual({ session: expect.any(String), message: null });
    await expect
      .poll(() => readFileSync(server.process.logFile, "utf8"), { timeout: 5_000 })
      .toContain(`"event":"sign_in_locked","scope":"address"`);

    recordFigure({
      id: "S5",
      measure: "wrong passwords for one account, then guesses at other accounts, from one address",
      value: `failure ${ACCOUNT_LIMIT} → account locked for 15 min (right password refused too, from any address); ${ADDRESS_LIMIT} from one address → address locked for every account; ${failures.length} failures logged, 0 passwords in the log`,
      target: "lock at 10 per account, 50 per address, with when to retry; every failure logged without the password",
    });
  }, 120_000);

  it("counts failures sent to two instances on one database together, and a success clears the account's count", async () => {
    const email = await newUser();
    const from = newAddress();
    // A success after some failures starts the count again.
    for (let i = 0; i < 3; i++) await signInThroughForm(servers[i % 2]!.baseUrl, from, email, WRONG(i));
    expect((await signInThroughForm(servers[1]!.baseUrl, from, email, PASSWORD)).session).toEqual(expect.any(String));
    const answers = [];
    for (let i = 0; i < ACCOUNT_LIMIT; i++) answers.push(await signInThroughForm(servers[i % 2]!.baseUrl, from, email, WRONG(i)));
    expect(answers.slice(0, 4).map((a) => a.message)).toEqual(Array(4).fill("Email or password is incorrect"));
    expect(answers.at(-1)!.message).toMatch(LOCKED);
    for (const server of servers)
      expect(await signInThroughForm(server.baseUrl, newAddress(), email, PASSWORD)).toEqual({
        session: null,
        message: expect.stringMatching(LOCKED),
      });
    // Each instance logged the failures it saw: 3 + 10 + the right password once on each. The logger
    // writes after the answer has gone, so the last line may still be on its way.
    const counted = (event: string) => servers.map((server) => logLinesAbout(server, email).filter((l) => l.event === event).length);
    await expect.poll(() => counted("sign_in_failed"), { timeout: 5_000 }).toEqual([2 + 5 + 1, 1 + 5 + 1]);
    await expect.poll(() => counted("sign_in_locked"), { timeout: 5_000 }).toEqual([0, 1]);
  }, 120_000);
});

describe("S5: network-reaching calls are rate-limited per user and per access key", () => {
  it("refuses a port scan through unsaved tests past the burst with 429 RATE_LIMITED and Retry-After, and the refused ports see no connection", async () => {
    const scanned = CALL_BURST + 40;
    const lab = await openPorts(scanned * 2 + FOLLOW_UPS * 3);
    const [queryPorts, livePorts, chatPorts] = [0, 1, 2].map((k) =>
      lab.ports.slice(scanned * 2 + k * FOLLOW_UPS, scanned * 2 + (k + 1) * FOLLOW_UPS),
    ) as [number[], number[], number[]];
    try {
      // A signed-in user in no project, through tRPC, split across both instances…
      const user = await newUser();
      const { token } = await signIn(services(), { email: user, password: PASSWORD });
      const owner = { kind: "user" as const, id: (await db().user.findUniqueOrThrow({ where: { email: user } })).id, projectIds: [] };
      const chatIds = await Promise.all(
        chatPorts.map(
          async (port) =>
            (await createChatConnector(services(), owner, createChatConnectorInputSchema.parse({ name: `scan-${port}`, ...probeOf(port) })))
              .id,
        ),
      );
      const baseUrls = servers.map((server) => server.baseUrl);
      // …and an access key over REST.
      const tenant = await newTenant("port-scan");
      const savedIds = await Promise.all(queryPorts.map((port) => createConnection(tenant, "PostgreSQL", probeOf(port).config)));

      const scans: string[] = [];
      for (const [caller, scan, ports] of [
        ["access key", restProber(baseUrls, tenant.key), lab.ports.slice(scanned, scanned * 2)],
        ["user", trpcProber(baseUrls, token), lab.ports.slice(0, scanned)],
      ] as const) {
        // The burst one by one, then the rest at once: a token returns each second, so a few may pass.
        const answers: ProbeAnswer[] = [];
        for (const [i, port] of ports.slice(0, CALL_BURST).entries()) answers.push(await scan(port, i));
        answers.push(...(await Promise.all(ports.slice(CALL_BURST).map((port, i) => scan(port, CALL_BURST + i)))));
        const admitted = ports.filter((_, i) => answers[i]!.status === 200);
        const refused = ports.filter((_, i) => answers[i]!.status === 429);
        scans.push(`${caller}: ${admitted.length} admitted, ${refused.length} refused`);
        expect(admitted.length + refused.length, caller).toBe(scanned);
        // The whole burst is admitted; past it calls are refused.
        expect(
          answers.slice(0, CALL_BURST).every((a) => a.status === 200),
          caller,
        ).toBe(true);
        expect(refused.length, caller).toBeGreaterThan(0);
        for (const answer of answers.filter((a) => a.status === 429)) {
          expect(Number(answer.retryAfter), caller).toBeGreaterThanOrEqual(1);
          expect(answer.error, caller).toMatchObject({
            message: expect.stringMatching(
              new RegExp(
                `^Too many tests and queries from this ${caller}: at most ${CALL_BURST} at once, then 60 a minute\\. Try again in \\d+ s\\.$`,
              ),
            ),
            details: {
              retry_after_s: Number(answer.retryAfter),
              retry_at: expect.any(String),
              limit: 60,
              scope: caller === "user" ? "user" : "access_key",
            },
          });
          expect(answer.error?.code, caller).toBe("RATE_LIMITED");
        }
        // Every admitted test reached its port; no refused one did.
        expect(
          admitted.filter((port) => !lab.connections.has(port)),
          caller,
        ).toEqual([]);
        expect(
          refused.filter((port) => lab.connections.has(port)),
          caller,
        ).toEqual([]);
        // Right after the scan, the caller's other network-reaching calls spend the same budget.
        await (caller === "user" ? userFollowUps() : keyFollowUps());
      }

      // Queries on saved connections, by the access key over REST.
      async function keyFollowUps(): Promise<void> {
        const answers = await Promise.all(
          savedIds.map((id, i) =>
            fetch(`${servers[i % 2]!.baseUrl}/v1/connections/${id}/query`, {
              method: "POST",
              headers: { "content-type": "application/json", authorization: `Bearer ${tenant.key}` },
              body: JSON.stringify({ sql: "select 1" }),
            }),
          ),
        );
        expectSomeRefused(
          queryPorts,
          await Promise.all(answers.map(async (r) => (r.status === 429 ? ((await r.json()) as { error: unknown }).error : null))),
          "access_key",
        );
      }

      // The streamed test (its refusal arrives in the stream) and chat runs, by the user over tRPC.
      async function userFollowUps(): Promise<void> {
        const client = createTRPCClient<AppRouter>({
          links: [httpBatchStreamLink({ url: `${servers[0]!.baseUrl}/api/trpc`, headers: { cookie: `${SESSION_COOKIE}=${token}` } })],
        });
        const refusalOf = async (call: () => Promise<unknown>) => {
          try {
            await call();
            return null;
          } catch (error) {
            if (!(error instanceof TRPCClientError) || error.data?.appCode !== "RATE_LIMITED") return null;
            return { code: error.data.appCode as string, details: error.data.details as unknown };
          }
        };
        const [live, runs] = await Promise.all([
          Promise.all(
            livePorts.map((port) =>
              refusalOf(async () => {
                for await (const event of await client.connection.testUnsavedLive.mutate(probeOf(port) as never)) void event;
              }),
            ),
          ),
          Promise.all(chatIds.map((id) => refusalOf(() => client.chatConnector.run.mutate({ id, text: "select 1" })))),
        ]);
        expectSomeRefused(livePorts, live, "user");
        expectSomeRefused(chatPorts, runs, "user");
      }

      function expectSomeRefused(ports: number[], refusals: unknown[], scope: string): void {
        expect(refusals.filter(Boolean).length, `${scope} follow-ups refused`).toBeGreaterThan(0);
        for (const [i, refusal] of refusals.entries()) {
          if (!refusal) continue;
          expect(refusal).toMatchObject({
            code: "RATE_LIMITED",
            details: { retry_after_s: expect.any(Number), retry_at: expect.any(String), scope },
          });
          expect(lab.connections.has(ports[i]!)).toBe(false);
        }
      }
      const reached = lab.ports.slice(0, scanned * 2).filter((port) => lab.connections.has(port)).length;
      recordFigure({
        id: "S5 calls",
        measure: `port scan: ${scanned} unsaved tests to listening loopback ports by a user in no project (tRPC) and by an access key (REST), over two instances; then queries, streamed tests, chat runs`,
        value: `${scans.join("; ")} (429 RATE_LIMITED with Retry-After); ${reached} of ${scanned * 2} ports reached, 0 of the refused; follow-ups refused too`,
        target: `429 past a burst of ${CALL_BURST} (then 60 a minute); refused calls open no connection`,
      });
    } finally {
      await lab.close();
    }
  }, 180_000);
});
