import { createRequire } from "node:module";
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVerticaPeer, type VerticaPeer } from "../src/vertica-peer/index.ts";

// The real driver, loaded the way an application would (it is CommonJS and ships no types).
const require = createRequire(import.meta.url);
interface VField {
  name: string;
  dataTypeID: number;
  tableName: string;
}
interface VResult {
  command: string | null;
  rows: Record<string, unknown>[];
  fields: VField[];
}
interface VClient {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<VResult>;
  end(): Promise<void>;
  on(event: "error" | "end", listener: (arg?: unknown) => void): void;
  protocol_version: number;
}
const vertica = require("vertica-nodejs") as { Client: new (config: object) => VClient; version: string };

const PASSWORD = "s3cret-pass";
let peer: VerticaPeer;
/** Connected clients whose socket has not closed yet; afterEach ends them. */
const open = new Set<VClient>();

function client(overrides: object = {}, target: VerticaPeer = peer): VClient {
  return new vertica.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: PASSWORD,
    database: target.database,
    ...overrides,
  });
}

async function connected(overrides: object = {}, target: VerticaPeer = peer): Promise<VClient> {
  const c = client(overrides, target);
  await c.connect();
  open.add(c);
  c.on("end", () => open.delete(c));
  return c;
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  expect(vertica.version).toBe("1.1.4");
  peer = await startVerticaPeer({ password: PASSWORD });
});

afterEach(async () => {
  // Only still-open clients: vertica-nodejs's end() waits for an 'end' event, which never comes
  // again for a socket that is already closed (e.g. after a failed login).
  await Promise.all([...open].map((c) => c.end()));
  await until(() => peer.connections() === 0);
});

afterAll(async () => {
  await peer?.stop();
});

describe("vertica peer with the real vertica-nodejs 1.1.4 client", () => {
  it("binds to loopback on a free port and negotiates protocol 3.16", async () => {
    expect(peer.host).toBe("127.0.0.1");
    expect(peer.port).toBeGreaterThan(0);
    const c = await connected();
    expect(c.protocol_version).toBe((3 << 16) | 16);
    expect(peer.connections()).toBe(1);
  });

  it("returns the seeded rows with JS numbers and strings", async () => {
    const c = await connected();
    const res = await c.query("select id, name from items order by id");
    expect(res.command).toBe("SELECT");
    expect(res.rows).toEqual([
      { id: 1, name: "alpha" },
      { id: 2, name: "beta" },
      { id: 3, name: "gamma" },
    ]);
    expect(res.fields.map((f) => [f.name, f.dataTypeID, f.tableName])).toEqual([
      ["id", 6, "items"],
      ["name", 9, "items"],
    ]);
  });

  it("runs a parameterised query through the extended protocol", async () => {
    const c = await connected();
    const res = await c.query("select id, name from items where id = ?", [2]);
    expect(res.rows).toEqual([{ id: 2, name: "beta" }]);
    const none = await c.query("select id from items where name = ? and id > ?", ["alpha", 1]);
    expect(none.rows).toEqual([]);
  });

  it("maps integer, varchar, float, boolean and null to the right JS types on both protocols", async () => {
    const c = await connected();
    await c.query("create table typed (i INTEGER, v VARCHAR(20), f FLOAT, b BOOLEAN, n INTEGER)");
    const ins = await c.query("insert into typed values (?, ?, ?, ?, ?)", [42, "text", 2.5, true, null]);
    expect(ins.rows).toEqual([{ OUTPUT: 1 }]); // Vertica answers DML with an OUTPUT row count
    await c.query("insert into typed values (-7, 'x', -0.125, false, null)");
    const expected = [
      { i: 42, v: "text", f: 2.5, b: true, n: null },
      { i: -7, v: "x", f: -0.125, b: false, n: null },
    ];
    expect((await c.query("select i, v, f, b, n from typed order by i desc")).rows).toEqual(expected);
    expect((await c.query("select i, v, f, b, n from typed where i > ? order by i desc", [-100])).rows).toEqual(expected);
    const expr = await c.query("select count(*) as c, 1.5 as x, null as z from typed");
    expect(expr.rows).toEqual([{ c: 2, x: 1.5, z: null }]);
    await c.query("drop table typed");
  });

  it("runs several statements in one simple query", async () => {
    const c = await connected();
    const res = (await c.query("select 1 as a; select 'b' as b")) as unknown as VResult[];
    expect(res.map((r) => r.rows)).toEqual([[{ a: 1 }], [{ b: "b" }]]);
  });

  it("surfaces SQL errors with message and SQLSTATE and keeps the connection usable", async () => {
    const c = await connected();
    await expect(c.query("select * from no_such_table")).rejects.toMatchObject({
      message: 'Relation "no_such_table" does not exist',
      code: "42V01",
      severity: "ERROR",
    });
    expect((await c.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
    // Same on the extended protocol: the error arrives on Parse, the client Syncs, we continue.
    await expect(c.query("selec id from items where id = ?", [1])).rejects.toMatchObject({
      code: "42601",
      message: 'Syntax error at or near "selec"',
    });
    expect((await c.query("select name from items where id = ?", [3])).rows).toEqual([{ name: "gamma" }]);
    // Too many values for the placeholders: Vertica's 26000 from Bind.
    await expect(c.query("select name from items where id = ?", [1, 2])).rejects.toMatchObject({ code: "26000" });
    expect((await c.query("select name from items where id = ?", [1])).rows).toEqual([{ name: "alpha" }]);
  });

  it("rejects a wrong password with Vertica's 28000 error and closes the socket", async () => {
    const c = client({ password: "wrong" });
    await expect(c.connect()).rejects.toMatchObject({ message: "Invalid username or password", code: "28000", severity: "FATAL" });
    await until(() => peer.connections() === 0);
  });

  it("rejects an unknown user the same way", async () => {
    await expect(client({ user: "mallory" }).connect()).rejects.toMatchObject({ code: "28000" });
  });

  it("rejects an unknown database", async () => {
    await expect(client({ database: "otherdb" }).connect()).rejects.toMatchObject({ code: "3D000" });
  });

  it.each(["md5", "password"] as const)("also authenticates with the %s challenge", async (authMethod) => {
    const other = await startVerticaPeer({ password: PASSWORD, authMethod, user: "alice", database: "db2" });
    try {
      const c = await connected({}, other);
      expect((await c.query("select name from items where id = ?", [1])).rows).toEqual([{ name: "alpha" }]);
      await c.end();
      await expect(client({ password: "nope" }, other).connect()).rejects.toMatchObject({ code: "28000" });
    } finally {
      await other.stop();
    }
  });

  it("answers an SSLRequest with 'N' (TLS out of scope)", async () => {
    const c = client({ tls_mode: "require" });
    await expect(c.connect()).rejects.toThrow("The server does not support TLS connections");
  });

  it("end() closes cleanly and the peer sees the socket go", async () => {
    const c = await connected();
    let ended = false;
    c.on("end", () => (ended = true));
    await c.end();
    await until(() => ended && peer.connections() === 0);
  });

  it("accepts a CancelRequest: no reply, socket closed", async () => {
    const c = await connected();
    const { processID, secretKey } = c as unknown as { processID: number; secretKey: number };
    expect(processID).toBeGreaterThan(0);
    const packet = Buffer.alloc(16);
    packet.writeInt32BE(16, 0);
    packet.writeInt32BE(80877102, 4);
    packet.writeInt32BE(processID, 8);
    packet.writeInt32BE(secretKey, 12);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const s = connect(peer.port, peer.host, () => s.write(packet));
      s.on("data", (d) => chunks.push(d));
      s.on("error", reject);
      s.on("close", () => resolve(Buffer.concat(chunks)));
    });
    expect(reply.length).toBe(0);
    expect((await c.query("select 1 as still_here")).rows).toEqual([{ still_here: 1 }]);
  });

  it("stop() closes the listener and every open client socket", async () => {
    const other = await startVerticaPeer({ password: PASSWORD });
    const c = await connected({}, other);
    const errors: unknown[] = [];
    c.on("error", (e) => errors.push(e));
    let ended = false;
    c.on("end", () => (ended = true));
    expect(other.connections()).toBe(1);
    await other.stop();
    expect(other.connections()).toBe(0);
    await until(() => ended);
    await expect(client({}, other).connect()).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await other.stop(); // idempotent
  });

  it("refuses a non-loopback bind address", async () => {
    await expect(startVerticaPeer({ bindAddress: "0.0.0.0" })).rejects.toThrow(/loopback/);
  });
});
