// Warm p50/p99 of a parameterised SELECT through our tunnel and directly, for pg and mysql2, in one
// process run on loopback (so the direct path exists). Prints a table and writes JSON to results/.
import { mkdirSync, writeFileSync } from "node:fs";
import { CONNECTION_TYPES, type ConnectionType } from "@connections/core";
import { driverFor, type DatabaseSession } from "@connections/drivers";
import { scratchDir, sshKeygen, startMariaDb, startPostgres, startSshd } from "@connections/testkit";
import { DEFAULT_TIMEOUTS, directTransport, parsePrivateKey, TunnelPool, tunnelTransport, type Transport } from "@connections/tunnel";
import { percentiles, sample } from "./percentiles.ts";

const COUNT = 2000;
const WARMUP = 200;

const key = sshKeygen(scratchDir("bench"), "bench");
const sshd = await startSshd({ authorizedKeys: [key.publicKey] });
const pg = await startPostgres({ password: true });
const maria = await startMariaDb();
const pool = new TunnelPool();
const rows: Array<Record<string, unknown>> = [];

try {
  const tunnel = await pool.acquire({ host: sshd.host, port: sshd.port, user: sshd.user, key: await parsePrivateKey(key.privateKey), pinnedHostKey: undefined }, DEFAULT_TIMEOUTS);
  const targets: Array<[ConnectionType, Record<string, unknown>, string]> = [
    ["dynamiq.connections.PostgreSQL", { host: "127.0.0.1", port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password }, "select $1::int as n"],
    ["dynamiq.connections.MySQL", { host: "127.0.0.1", port: maria.port, database: maria.database, user: maria.user, password: maria.password }, "select ? as n"],
  ];
  for (const [type, raw, sql] of targets) {
    const config = CONNECTION_TYPES[type].config.parse(raw);
    const measure = async (transport: Transport) => {
      const session: DatabaseSession = await driverFor(type).connect(config as never, { transport, connectTimeoutMs: 10_000, statementTimeoutMs: 10_000 });
      try {
        return percentiles(await sample(COUNT, WARMUP, (i) => session.query(sql, [i], { maxRows: 10, timeoutMs: 10_000 })));
      } finally {
        await session.close();
      }
    };
    const direct = await measure(directTransport);
    const tunneled = await measure(tunnelTransport(tunnel, DEFAULT_TIMEOUTS.forward));
    rows.push({ driver: type.split(".").pop(), direct_p50_ms: direct.p50, tunnel_p50_ms: tunneled.p50, ratio_p50: Math.round((tunneled.p50 / direct.p50) * 100) / 100, direct_p99_ms: direct.p99, tunnel_p99_ms: tunneled.p99 });
  }
  console.table(rows);
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  writeFileSync(new URL(`../results/tunnel-latency-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, import.meta.url), JSON.stringify({ count: COUNT, rows }, null, 2));
} finally {
  pool.closeAll();
  await maria.stop();
  await pg.stop();
  await sshd.stop();
}
