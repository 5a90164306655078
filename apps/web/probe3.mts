import pg from "pg"; import Cursor from "pg-cursor";
import { startSshd, startPostgres, sshKeygen, scratchDir } from "@connections/testkit";
import { connectSsh, TunnelConnection, DEFAULT_TIMEOUTS, parsePrivateKey, tunnelTransport } from "@connections/tunnel";
const key = sshKeygen(scratchDir("p"), "k");
const sshd = await startSshd({ authorizedKeys: [key.publicKey] });
const db = await startPostgres({ password: true });
let t0 = performance.now(); let tracing = false;
try {
  const session = await connectSsh({ host: sshd.host, port: sshd.port, user: sshd.user, key: await parsePrivateKey(key.privateKey), pinnedHostKey: undefined }, DEFAULT_TIMEOUTS);
  const conn = new TunnelConnection(session, { maxChannels: 8, idleMs: 60000, onGone: () => {} });
  const t = tunnelTransport(conn, 5000, (s) => {
    const w = s.write.bind(s); (s as any).write = (b: Buffer, ...a: any[]) => { if (tracing) console.log("  write", (performance.now() - t0).toFixed(2), String.fromCharCode(b[0]!), b.length); return w(b, ...a); };
    s.on("data", (d: Buffer) => { if (tracing) console.log("  data ", (performance.now() - t0).toFixed(2), d.length, String.fromCharCode(...[...d].filter((_, i) => i === 0))); });
  });
  const c = new pg.Client({ host: "127.0.0.1", port: db.port, user: db.app!.user, password: db.app!.password, database: db.app!.database, stream: () => t.createSocket() as any });
  await c.connect();
  for (let i = 0; i < 5; i++) { await c.query("SET statement_timeout = 1000"); const cur = c.query(new Cursor("select $1::int", [1], { rowMode: "array" })); await new Promise((r, j) => cur.read(11, (e, rows) => e ? j(e) : r(rows))); await cur.close(); }
  await c.query("SET statement_timeout = 1000");
  tracing = true; t0 = performance.now();
  const cur = c.query(new Cursor("select $1::int", [1], { rowMode: "array" })); await new Promise((r, j) => cur.read(11, (e, rows) => e ? j(e) : r(rows))); console.log("  read done", (performance.now() - t0).toFixed(2)); await cur.close(); console.log("  closed", (performance.now() - t0).toFixed(2));
  tracing = false;
  await c.end(); conn.close();
} finally { await db.stop(); await sshd.stop(); }
