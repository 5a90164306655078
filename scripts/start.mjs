// `npm start`: set up whatever is missing, then serve on http://localhost:${PORT:-3000}.
import { spawn } from "node:child_process";
import { bootstrap, QUIET_ENV } from "./lib/bootstrap.mjs";
import { cliNodeArgs } from "./lib/cli-command.mjs";
import { demoNotice } from "./lib/demo-notice.mjs";
import { PORT as port } from "./lib/env.mjs";
import { ensureMasterKey, withLocalEnv } from "./lib/local-env.mjs";
import { DEMO_CREDENTIALS_FILE, ROOT } from "./lib/paths.mjs";
import { privateDataDir } from "./lib/private-data-dir.mjs";
import { capture, endStep, runQuietly, step } from "./lib/run.mjs";

const started = Date.now();

await bootstrap();
// Whatever start-up and the server create from here on (database side files, logs) is private.
process.umask(0o077);
privateDataDir();
const keyNotice = ensureMasterKey();
const env = withLocalEnv(QUIET_ENV);

function cli(...args) {
  const result = capture(process.execPath, cliNodeArgs(args), { cwd: ROOT, env });
  if (!result.ok) {
    console.error(result.stderr.trim());
    process.exit(1);
  }
  return JSON.parse(result.stdout);
}

step("migrating the database");
const { applied } = cli("db", "migrate");
console.log(applied.length ? `applied ${applied.join(", ")}` : "up to date");
step("seeding the demo project");
const demo = cli("db", "seed", "--credentials-file", DEMO_CREDENTIALS_FILE);
step("building the web app (the first build takes a few minutes)");
await runQuietly("pnpm", ["exec", "turbo", "run", "build", "--filter=@connections/web", "--output-logs=errors-only"], { cwd: ROOT, env });

step(`starting on port ${port}`);
const server = spawn("pnpm", ["--filter", "@connections/web", "exec", "next", "start", "--port", port], {
  cwd: ROOT,
  // The server ends itself on SIGTERM/SIGINT, once its waiting audit rows are written (instrumentation-node.ts).
  env: { ...env, NEXT_MANUAL_SIG_HANDLE: "1" },
  stdio: ["ignore", "inherit", "inherit"],
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

const url = `http://localhost:${port}`;
for (let attempt = 0; attempt < 120; attempt++) {
  const ready = await fetch(`${url}/v1/openapi.json`).then(
    (r) => r.ok,
    () => false,
  );
  if (ready) break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
endStep();
console.log(`
Ready in ${Math.round((Date.now() - started) / 1000)} s.
Connections is running at ${url}
${demoNotice({ demo, url, defaultFile: DEMO_CREDENTIALS_FILE, keyNotice })}
`);
