// `pnpm --filter @connections/bench run bench:jump`: the jump-host table alone, without the rest of
// the bench (which also prints it). Writes bench/results/jump-<time>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { benchEnv } from "./env.ts";
import { startEnvironment } from "./environment.ts";
import { jumpSettings, jumpTitle, measureJumpHosts } from "./jump-measures.ts";

const settings = jumpSettings(benchEnv().BENCH_QUICK);
const env = await startEnvironment();
try {
  const jump = await measureJumpHosts(env, settings);
  console.log(`\n${jumpTitle(settings)}`);
  console.table(jump);
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  const file = new URL(`../results/jump-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ settings, jump_hosts: jump }, null, 2));
  console.log(`wrote ${file.pathname}`);
} finally {
  await env.stop();
}
