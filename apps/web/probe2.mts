import pg from "pg"; import Cursor from "pg-cursor"; import { spawn } from "node:child_process";
import { startSshd, startPostgres, sshKeygen, scratchDir, freePort } from "@connections/testkit";
const dir = scratchDir("p2"); const key = sshKeygen(dir, "k");
const sshd = await startSshd({ authorizedKeys: [key.publicKey] });
const db = await startPostgres({ password: true });
const lport = await freePort();
const ssh = spawn("ssh", ["-N", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-i", key.path, "-p", String(sshd.port), "-L", `${lport}:127.0.0.1:${db.port}`, `${sshd.user}@${sshd.host}`], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 1500));
try {
  const c = new pg.Client({ host: "127.0.0.1", port: lport, user: db.app!.user, password: db.app!.password, database: db.app!.database });
  await c.connect();
  const time = async (label: string, f: () => Promise<unknown>) => { const xs = []; for (let i = 0; i < 60; i++) { const s = performance.now(); await f(); xs.push(performance.now() - s); } xs.sort((a, b) => a - b); console.log(label, "p50", xs[30].toFixed(3), "p90", xs[54].toFixed(3)); };
  await time("ssh -L param query", () => c.query("select $1::int", [1]));
  await time("ssh -L cursor", async () => { const cur = c.query(new Cursor("select $1::int", [1], { rowMode: "array" })); await new Promise((r, j) => cur.read(11, (e, rows) => e ? j(e) : r(rows))); await cur.close(); });
  await c.end();
} finally { ssh.kill(); await db.stop(); await sshd.stop(); }
