import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startProcess, waitFor, type RunningProcess } from "./child-process.ts";
import { inheritedEnv } from "./env.ts";
import { freePort } from "./free-port.ts";

export interface NextServer {
  baseUrl: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/** The built web app (`next start`) on a free loopback port, with the given environment. */
export async function startNextServer(webDir: string, env: Record<string, string>): Promise<NextServer> {
  const port = await freePort();
  const nextBin = createRequire(join(webDir, "package.json")).resolve("next/dist/bin/next");
  const proc = startProcess(
    process.execPath,
    [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"],
    join(tmpdir(), `connections-next-${port}.log`),
    {
      cwd: webDir,
      // The agent endpoint is off unless a test asks for it: parallel servers would share its port.
      // As npm start: the server ends itself on SIGTERM, once its waiting audit rows are written.
      env: {
        ...inheritedEnv(),
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_MANUAL_SIG_HANDLE: "1",
        CONNECTIONS_AGENT_SSH_PORT: "0",
        ...env,
        PORT: String(port),
      },
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor("Next server", async () => (await fetch(`${baseUrl}/v1/openapi.json`)).ok, 60_000, proc);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { baseUrl, process: proc, stop: () => proc.stop() };
}
