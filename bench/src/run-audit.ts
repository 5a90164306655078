// `BENCH_ONLY=audit npm run bench`: what the audit row costs a query (SPEC §12: writes must not slow
// the query path measurably), against the same path with a log that records nothing, in one process.
import { mkdirSync, writeFileSync } from "node:fs";
import { measureAuditCost } from "./audit-cost.ts";
import { benchEnv } from "./env.ts";

const settings = benchEnv().BENCH_QUICK ? { rounds: 3, calls: 200 } : { rounds: 9, calls: 1000 };
const rows = await measureAuditCost(settings);
const [off, on] = rows as [(typeof rows)[number], (typeof rows)[number]];
const targets = [
  {
    measure: "p50 latency, audit on / off",
    ratio: Math.round((on.p50_ms / off.p50_ms) * 1000) / 1000,
    target: "≤ 1.05",
  },
  {
    measure: "throughput, audit on / off",
    ratio: Math.round((on.calls_per_s / off.calls_per_s) * 1000) / 1000,
    target: "≥ 0.95",
  },
];
console.log(`\nAudit cost (PostgreSQL on loopback, one caller, ${settings.rounds} alternating rounds of ${settings.calls} queries)`);
console.table(rows);
console.table(targets);
mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
const file = new URL(`../results/audit-cost-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, import.meta.url);
writeFileSync(file, JSON.stringify({ settings, audit_cost: rows, targets }, null, 2));
console.log(`wrote ${file.pathname}`);
