// `npm run -s cli -- …`: the admin CLI, with the same DATABASE_URL and master key as the server.
import { spawnSync } from "node:child_process";
import { cliNodeArgs } from "./lib/cli-command.mjs";
import { ROOT } from "./lib/paths.mjs";
import { withLocalEnv } from "./lib/local-env.mjs";

const result = spawnSync(process.execPath, cliNodeArgs(process.argv.slice(2)), {
  cwd: ROOT,
  stdio: "inherit",
  env: withLocalEnv(),
});
process.exit(result.status ?? 1);
