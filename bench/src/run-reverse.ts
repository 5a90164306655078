// `pnpm --filter @connections/bench run bench:reverse`: the reverse-tunnel table alone, without
// the rest of the bench (which also prints it). Writes bench/results/reverse-<time>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { benchEnv } from "./env.ts";
import { startEnvironment } from "./environment.ts";
import { measureReverseTunnels, reverseSettings, reverseTitle } from "./reverse-measures.ts";

const settings = reverseSettings(benchEnv().BENCH_QUICK);
const env = await startEnvironment();
try {
  const reverse = await measureReverseTunnels(env, settings);
  console.log(`\n${reverseTitle(settings)}`);
  console.table(reverse);
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  const file = new URL(`../results/reverse-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ settings, reverse_tunnels: reverse }, null, 2));
  console.log(`wrote ${file.pathname}`);
} finally {
  await env.stop();
}
