// `pnpm --filter @connections/bench run bench:wan`: the WAN table alone, without the rest of the
// bench (which also prints it). Writes bench/results/wan-<time>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { benchEnv } from "./env.ts";
import { startEnvironment } from "./environment.ts";
import { measureWan, wanSettings, wanTitle } from "./wan-measures.ts";

const settings = wanSettings(benchEnv().BENCH_QUICK);
const env = await startEnvironment();
try {
  const wan = await measureWan(env, settings);
  console.log(`\n${wanTitle(settings)}`);
  console.table(wan);
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  const file = new URL(`../results/wan-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ settings, wan }, null, 2));
  console.log(`wrote ${file.pathname}`);
} finally {
  await env.stop();
}
