// The Trino peer, driven by the real trino-client 0.2.9 (and by raw HTTP where the client gives
// no access to protocol details such as status codes of nextUri requests).
import { rmSync } from "node:fs";
import { request } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { BasicAuth, Trino, type QueryResult } from "trino-client";
import { scratchDir } from "../src/scratch-dir.ts";
import { makeCertificates } from "../src/tls-certificates.ts";
import { startTrinoPeer, type TrinoPeer, type TrinoPeerOptions } from "../src/trino-peer/index.ts";

const peers: TrinoPeer[] = [];
afterAll(async () => {
  await Promise.all(peers.map((p) => p.stop()));
});

async function peer(options: TrinoPeerOptions = {}): Promise<TrinoPeer> {
  const p = await startTrinoPeer(options);
  peers.push(p);
  return p;
}

function client(p: TrinoPeer, auth = new BasicAuth("tester")): Trino {
  return Trino.create({ server: p.url, catalog: "memory", schema: "default", auth });
}

async function run(trino: Trino, sql: string): Promise<QueryResult[]> {
  const pages: QueryResult[] = [];
  for await (const page of await trino.query(sql)) pages.push(page);
  return pages;
}

const rowsOf = (pages: QueryResult[]) => pages.flatMap((p) => p.data ?? []);
const columnsOf = (pages: QueryResult[]) => pages.at(-1)?.columns?.map((c) => ({ name: c.name, type: c.type }));

const SEQ_5000 =
  "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 5000) SELECT n, 'row ' || n AS label FROM seq";

/** Raw HTTP (for status codes, headers, and a chosen Host header). */
function http(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; json: () => any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: { "X-Trino-User": "raw", ...init.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("trino peer with trino-client 0.2.9", () => {
  it("selects rows with Trino column names, types and signatures", async () => {
    const p = await peer();
    const pages = await run(client(p), "SELECT id, name FROM items ORDER BY id");
    expect(pages.at(-1)?.columns).toEqual([
      { name: "id", type: "bigint", typeSignature: { rawType: "bigint", arguments: [] } },
      { name: "name", type: "varchar", typeSignature: { rawType: "varchar", arguments: [{ kind: "LONG", value: 2147483647 }] } },
    ]);
    expect(rowsOf(pages)).toEqual([
      [1, "alpha"],
      [2, "beta"],
      [3, "gamma"],
    ]);
    expect(pages.at(-1)?.stats?.state).toBe("FINISHED");
    expect(pages.at(-1)?.nextUri).toBeUndefined();
  });

  it("maps expression values to bigint, double, varchar and unknown", async () => {
    const p = await peer();
    const pages = await run(client(p), "SELECT 42 AS i, 1.5 AS d, 'x' AS s, NULL AS n");
    expect(columnsOf(pages)).toEqual([
      { name: "i", type: "bigint" },
      { name: "d", type: "double" },
      { name: "s", type: "varchar" },
      { name: "n", type: "unknown" },
    ]);
    expect(rowsOf(pages)).toEqual([[42, 1.5, "x", null]]);
  });

  it("uses a seed callback and maps declared BOOLEAN columns to boolean", async () => {
    const p = await peer({
      seed: (db) => db.exec("CREATE TABLE flags (name TEXT, ok BOOLEAN, score REAL); INSERT INTO flags VALUES ('a', 1, 2), ('b', 0, NULL)"),
    });
    const pages = await run(client(p), "SELECT name, ok, score FROM flags ORDER BY name");
    expect(columnsOf(pages)).toEqual([
      { name: "name", type: "varchar" },
      { name: "ok", type: "boolean" },
      { name: "score", type: "double" },
    ]);
    expect(rowsOf(pages)).toEqual([
      ["a", true, 2],
      ["b", false, null],
    ]);
    const missing = await run(client(p), "SELECT * FROM items");
    expect(missing.at(-1)?.error?.errorName).toBe("TABLE_NOT_FOUND"); // the seed replaced the default data set
  });

  it("delivers a 5,000-row result complete over several nextUri pages", async () => {
    const p = await peer();
    const pages = await run(client(p), SEQ_5000);
    const rows = rowsOf(pages);
    expect(rows).toHaveLength(5000);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(rows[4999]).toEqual([5000, "row 5000"]);
    expect(pages.filter((pg) => (pg.data?.length ?? 0) > 0).map((pg) => pg.data?.length)).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(columnsOf(pages)).toEqual([
      { name: "n", type: "bigint" },
      { name: "label", type: "varchar" },
    ]);
    for (const page of pages.slice(0, -1)) expect(page.nextUri?.startsWith(`${p.url}/v1/statement/executing/`)).toBe(true);
    expect(pages.slice(0, -1).every((pg) => pg.stats?.state === "RUNNING")).toBe(true);
    expect(pages.at(-1)?.stats?.state).toBe("FINISHED");
  });

  it("surfaces SQL errors in the client's QueryResult.error", async () => {
    const p = await peer();
    const trino = client(p);
    const missing = (await run(trino, "SELECT * FROM missing_table")).at(-1);
    expect(missing?.stats?.state).toBe("FAILED");
    expect(missing?.nextUri).toBeUndefined();
    expect(missing?.error).toMatchObject({
      message: "line 1:15: no such table: missing_table",
      errorCode: 46,
      errorName: "TABLE_NOT_FOUND",
      errorType: "USER_ERROR",
      errorLocation: { lineNumber: 1, columnNumber: 15 },
    });
    const syntax = (await run(trino, "SELEC 1")).at(-1);
    expect(syntax?.error).toMatchObject({ errorCode: 1, errorName: "SYNTAX_ERROR", errorType: "USER_ERROR" });
    expect(syntax?.error?.message).toContain('near "SELEC": syntax error');
    const constraint = (await run(trino, "INSERT INTO items (id, name) VALUES (1, 'dup')")).at(-1);
    expect(constraint?.error).toMatchObject({ errorName: "CONSTRAINT_VIOLATION", errorCode: 16 });
  });

  it("accepts the right password and answers a wrong one with 401 like Trino", async () => {
    const p = await peer({ auth: { user: "alice", password: "s3cret" } });
    expect(rowsOf(await run(client(p, new BasicAuth("alice", "s3cret")), "SELECT count(*) FROM items"))).toEqual([[3]]);
    const before = p.queries();

    const error = await client(p, new BasicAuth("alice", "wrong"))
      .query("SELECT 1")
      .then(
        () => null,
        (e: any) => e,
      );
    expect(error?.response?.status).toBe(401);
    expect(error?.response?.headers?.["www-authenticate"]).toBe('Basic realm="Trino"');
    expect(error?.response?.data).toBe("Access Denied: Invalid credentials");

    const noCredentials = await http(`${p.url}/v1/statement`, { method: "POST", body: "SELECT 1" });
    expect(noCredentials.status).toBe(401);
    expect(p.queries()).toBe(before); // refused requests never became statements
  });

  it("refuses a password when no authentication is configured, as Trino does over HTTP", async () => {
    const p = await peer();
    const error = await client(p, new BasicAuth("alice", "pw"))
      .query("SELECT 1")
      .then(
        () => null,
        (e: any) => e,
      );
    expect(error?.response?.status).toBe(401);
    expect(error?.response?.data).toBe("Password not allowed for insecure authentication");
  });

  it("cancels a running query through trino-client's cancel()", async () => {
    const p = await peer();
    const trino = client(p);
    const iter = await trino.query(SEQ_5000);
    const first = await iter.next();
    expect(first.done).toBe(false);
    expect(first.value.data).toHaveLength(1000);
    expect(first.value.stats?.state).toBe("RUNNING");

    await trino.cancel(first.value.id); // DELETE /v1/query/{id}
    const second = await iter.next();
    expect(second.value.stats?.state).toBe("FAILED");
    expect(second.value.data).toBeUndefined();
    expect(second.value.error).toMatchObject({
      message: "Query was canceled",
      errorName: "USER_CANCELED",
      errorCode: 3,
      errorType: "USER_ERROR",
    });
    expect((await iter.next()).done).toBe(true);
    expect((await trino.queryInfo(first.value.id)).state).toBe("FAILED");
  });

  it("cancels with DELETE on the nextUri, before or during execution", async () => {
    const p = await peer();
    // During execution: DELETE the executing nextUri, then the next GET reports the cancel.
    const posted = (await http(`${p.url}/v1/statement`, { method: "POST", body: SEQ_5000 })).json();
    const queued = (await http(posted.nextUri)).json();
    const page0 = (await http(queued.nextUri)).json();
    expect(page0.data).toHaveLength(1000);
    expect((await http(page0.nextUri, { method: "DELETE" })).status).toBe(204);
    const after = (await http(page0.nextUri)).json();
    expect(after.stats.state).toBe("FAILED");
    expect(after.error.errorName).toBe("USER_CANCELED");
    expect(after.nextUri).toBeUndefined();

    // While queued: the statement never runs.
    const insert = (await http(`${p.url}/v1/statement`, { method: "POST", body: "INSERT INTO items (name) VALUES ('never')" })).json();
    expect((await http(insert.nextUri, { method: "DELETE" })).status).toBe(204);
    const canceled = (await http(insert.nextUri)).json();
    expect(canceled.stats.state).toBe("FAILED");
    expect(canceled.error.errorName).toBe("USER_CANCELED");
    expect(rowsOf(await run(client(p), "SELECT count(*) FROM items"))).toEqual([[3]]);
  });

  it("follows Trino's paging protocol: QUEUED first, tokens, 404 and 410", async () => {
    const p = await peer({ pageRows: 2 });
    const post = await http(`${p.url}/v1/statement`, { method: "POST", body: "SELECT id FROM items ORDER BY id" });
    const first = post.json();
    expect(post.status).toBe(200);
    expect(first.stats.state).toBe("QUEUED");
    expect(first.data).toBeUndefined();
    expect(first.columns).toBeUndefined();
    expect(first.id).toMatch(/^\d{8}_\d{6}_\d{5}_[a-z0-9]{5}$/);
    expect(first.infoUri).toBe(`${p.url}/ui/query.html?${first.id}`);
    expect(first.nextUri).toMatch(new RegExp(`^${p.url}/v1/statement/queued/${first.id}/y[0-9a-f]+/1$`));

    const queued = (await http(first.nextUri)).json();
    const page0 = await http(queued.nextUri);
    expect(page0.json().data).toEqual([[1], [2]]);
    expect((await http(queued.nextUri)).text).toBe(page0.text); // same token: the page is replayed
    const page1 = (await http(page0.json().nextUri)).json();
    expect(page1.data).toEqual([[3]]);
    expect(page1.nextUri).toBeUndefined();
    expect((await http(queued.nextUri)).status).toBe(410); // older token: rows are gone

    const unknownId = await http(`${p.url}/v1/statement/executing/20200101_000000_00000_zzzzz/yabc/0`);
    expect(unknownId.status).toBe(404);
    expect(unknownId.text).toBe("Query not found");
    expect((await http(queued.nextUri.replace(/\/y[0-9a-f]+\//, "/yforged/"))).status).toBe(404);
    expect((await http(`${p.url}/v1/query/20200101_000000_00000_zzzzz`)).status).toBe(410);
    expect((await http(`${p.url}/v1/statement`, { method: "POST", body: "  " })).status).toBe(400);
  });

  it("builds nextUri from the request's Host header (works through a forwarded port)", async () => {
    const p = await peer();
    const res = await http(`${p.url}/v1/statement`, { method: "POST", body: "SELECT 1", headers: { Host: "127.0.0.1:15432" } });
    expect(res.json().nextUri).toMatch(/^http:\/\/127\.0\.0\.1:15432\/v1\/statement\/queued\//);
    expect(res.json().infoUri).toMatch(/^http:\/\/127\.0\.0\.1:15432\/ui\/query\.html\?/);
  });

  it("supports PREPARE / EXECUTE ... USING through X-Trino-Added-Prepare and X-Trino-Prepared-Statement", async () => {
    const p = await peer();
    const trino = client(p);
    const prepared = await run(trino, "PREPARE by_id FROM SELECT id, name FROM items WHERE id = ?");
    expect(prepared.at(-1)?.error).toBeUndefined();
    expect(rowsOf(await run(trino, "EXECUTE by_id USING 2"))).toEqual([[2, "beta"]]);
    expect(rowsOf(await run(trino, "EXECUTE IMMEDIATE 'SELECT ? + ?' USING 40, 2"))).toEqual([[42]]);
    const mismatch = (await run(trino, "EXECUTE by_id USING 1, 2")).at(-1);
    expect(mismatch?.error).toMatchObject({
      errorName: "INVALID_PARAMETER_USAGE",
      message: "Incorrect number of parameters: expected 1 but found 2",
    });
    expect((await run(client(p), "EXECUTE by_id USING 1")).at(-1)?.error?.message).toBe("Prepared statement not found: by_id"); // other session
  });

  it("reports DML as updateType/updateCount with a rows column", async () => {
    const p = await peer();
    const pages = await run(client(p), "INSERT INTO items (name) VALUES ('delta'), ('epsilon')");
    expect(pages.at(-1)).toMatchObject({ updateType: "INSERT", updateCount: 2, columns: [{ name: "rows", type: "bigint" }], data: [[2]] });
    expect(rowsOf(await run(client(p), "SELECT count(*) FROM items"))).toEqual([[5]]);
  });

  it("counts statements, binds only to loopback, and closes on stop()", async () => {
    await expect(startTrinoPeer({ bindAddress: "0.0.0.0" })).rejects.toThrow(/loopback/);
    const p = await startTrinoPeer({ bindAddress: "127.0.0.2" });
    try {
      expect(p.host).toBe("127.0.0.2");
      expect(p.url).toBe(`http://127.0.0.2:${p.port}`);
      const trino = client(p);
      await run(trino, "SELECT 1");
      await run(trino, "SELECT 2");
      expect(p.queries()).toBe(2);
    } finally {
      await p.stop();
    }
    await expect(http(`${p.url}/v1/info`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("serves HTTPS with tls, and its nextUri links stay https", async () => {
    const dir = scratchDir("trino-peer-tls");
    try {
      const certs = makeCertificates(dir, { dnsNames: [], ips: ["127.0.0.1"] });
      const p = await peer({ tls: certs.serverTls });
      expect(p.url).toBe(`https://127.0.0.1:${p.port}`);
      const trino = Trino.create({ server: p.url, auth: new BasicAuth("tester"), ssl: { ca: certs.ca.pem } });
      const pages = await run(trino, SEQ_5000);
      expect(rowsOf(pages)).toHaveLength(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
