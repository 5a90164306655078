import pg from "pg"; import Cursor from "pg-cursor";
import { startSshd, startPostgres, sshKeygen, scratchDir } from "@connections/testkit";
import { connectSsh, TunnelConnection, DEFAULT_TIMEOUTS, parsePrivateKey, tunnelTransport } from "@connections/tunnel";
const key = sshKeygen(scratchDir("p"), "k");
const sshd = await startSshd({ authorizedKeys: [key.publicKey] });
const db = await startPostgres({ password: true });
try {
  const session = await connectSsh({ host: sshd.host, port: sshd.port, user: sshd.user, key: await parsePrivateKey(key.privateKey), pinnedHostKey: undefined }, DEFAULT_TIMEOUTS);
  const conn = new TunnelConnection(session, { maxChannels: 8, idleMs: 60000, onGone: () => {} });
  const t = tunnelTransport(conn, 5000);
  const c = new pg.Client({ host: "127.0.0.1", port: db.port, user: db.app!.user, password: db.app!.password, database: db.app!.database, stream: () => t.createSocket() as any });
  await c.connect();
  const time = async (label: string, f: () => Promise<unknown>) => { const xs = []; for (let i = 0; i < 30; i++) { const s = performance.now(); await f(); xs.push(performance.now() - s); } xs.sort((a, b) => a - b); console.log(label, xs[15].toFixed(3)); };
  await time("simple SET", () => c.query("SET statement_timeout = 1000"));
  await time("param query", () => c.query("select $1::int", [1]));
  await time("cursor read", async () => { const cur = c.query(new Cursor("select $1::int", [1], { rowMode: "array" })); await new Promise((r, j) => cur.read(11, (e, rows) => e ? j(e) : r(rows))); await cur.close(); });
  await time("cursor read only", async () => { const cur = c.query(new Cursor("select $1::int", [1], { rowMode: "array" })); const s = performance.now(); await new Promise((r, j) => cur.read(11, (e, rows) => e ? j(e) : r(rows))); const m = performance.now(); await cur.close(); const e = performance.now(); if (Math.random() < 0.1) console.log("  read", (m - s).toFixed(2), "close", (e - m).toFixed(2)); });
  await c.end(); conn.close();
} finally { await db.stop(); await sshd.stop(); }
