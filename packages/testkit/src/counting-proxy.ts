import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startProcess, waitFor } from "./child-process.ts";
import { freePort } from "./free-port.ts";
import { inNetns } from "./network-namespace.ts";
import { scratchDir } from "./scratch-dir.ts";

const SCRIPT = fileURLToPath(new URL("./bin/count-bytes.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ByteCounts {
  connections: number;
  bytesToTarget: number;
  bytesFromTarget: number;
}

export interface CountingProxy {
  host: string;
  port: number;
  pid: number;
  /** Everything that has passed through so far. */
  counts(): ByteCounts;
  stop(): Promise<void>;
}

/**
 * A TCP proxy in front of `target`, in its own process (inside `placement.netns` when given),
 * counting connections and bytes each way: proof of what did or did not reach a database.
 */
export async function startCountingProxy(
  placement: { netns?: string; bindAddress: string },
  target: { host: string; port: number },
): Promise<CountingProxy> {
  const dir = scratchDir("counting-proxy");
  const statusFile = join(dir, "counts.json");
  const log = join(dir, "proxy.log");
  // Picked free here; in a lab namespace only the test's own servers listen, so it is free there too.
  const port = await freePort();
  const [command, args] = inNetns(placement.netns, process.execPath, [
    "--import",
    "tsx",
    SCRIPT,
    placement.bindAddress,
    String(port),
    target.host,
    String(target.port),
    statusFile,
  ]);
  const proc = startProcess(command, args, log, { cwd: ROOT });
  try {
    await waitFor("counting proxy", async () => readFileSync(log, "utf8").includes('"ready":true'), 30_000, proc);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return {
    host: placement.bindAddress,
    port,
    pid: proc.pid,
    counts: () => JSON.parse(readFileSync(statusFile, "utf8")) as ByteCounts,
    stop: () => proc.stop(),
  };
}
