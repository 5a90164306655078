// `npm run -s cli -- …`: the admin CLI, with the same DATABASE_URL and master key as the server.
import { spawnSync } from "node:child_process";
import { CLI_ENTRY, ROOT } from "./lib/paths.mjs";
import { withLocalEnv } from "./lib/local-env.mjs";

const result = spawnSync(process.execPath, ["--import", "tsx", CLI_ENTRY, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: "inherit",
  env: withLocalEnv(),
});
process.exit(result.status ?? 1);
