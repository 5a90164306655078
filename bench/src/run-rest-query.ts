// `pnpm --filter @connections/bench run bench:rest`: only the REST query table of `npm run bench`,
// for a quick before/after comparison. Needs the built web app, as the full bench does.
import { mkdirSync, writeFileSync } from "node:fs";
import { benchEnv } from "./env.ts";
import { startEnvironment } from "./environment.ts";
import { measureRestQueries, restQuerySettings } from "./rest-query.ts";
import { restQueryTargets } from "./targets.ts";

const quick = benchEnv().BENCH_QUICK;
const settings = restQuerySettings(quick);
const env = await startEnvironment();
try {
  const rest = await measureRestQueries(env, settings);
  const targets = restQueryTargets(rest);
  console.log(`\nREST query (built server, SQLite; one client, ${settings.calls} sequential rounds per row)`);
  console.table(rest);
  console.log("\nTargets (ratios within this run)");
  console.table(targets);
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  const file = new URL(`../results/rest-query-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ settings, rest_query: rest, targets }, null, 2));
  console.log(`wrote ${file.pathname}`);
} finally {
  await env.stop();
}
