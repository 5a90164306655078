import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startProcess, waitFor } from "./child-process.ts";
import { inNetns } from "./network-namespace.ts";
import { scratchDir } from "./scratch-dir.ts";

const SCRIPT = fileURLToPath(new URL("./bin/serve-peer.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface PeerProcess {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The Trino or Vertica protocol peer in its own process (optionally in a namespace), stopped by PID.
 * `tls` (Trino only) serves HTTPS with that certificate.
 */
export async function startPeerProcess(
  kind: "trino" | "vertica",
  placement: { netns?: string; bindAddress: string },
  port: number,
  tls?: { certPath: string; keyPath: string },
): Promise<PeerProcess> {
  if (tls && kind !== "trino") throw new Error("startPeerProcess: tls is only supported for the trino peer");
  const log = join(scratchDir(`${kind}-peer`), "peer.log");
  const tlsArgs = tls ? [tls.certPath, tls.keyPath] : [];
  const [command, args] = inNetns(placement.netns, process.execPath, [
    "--import",
    "tsx",
    SCRIPT,
    kind,
    placement.bindAddress,
    String(port),
    ...tlsArgs,
  ]);
  const proc = startProcess(command, args, log, { cwd: ROOT });
  let info: Record<string, unknown> | undefined;
  try {
    await waitFor(
      `${kind} peer`,
      async () => {
        const line = readFileSync(log, "utf8")
          .split("\n")
          .find((l) => l.startsWith("{"));
        info = line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
        return info !== undefined;
      },
      30_000,
      proc,
    );
  } catch (error) {
    await proc.stop();
    throw error;
  }
  const credentials =
    kind === "trino"
      ? { user: "analyst", password: "trino-peer-password" }
      : { user: String(info!.user), password: String(info!.password), database: String(info!.database) };
  return { host: placement.bindAddress, port, ...credentials, pid: proc.pid, stop: () => proc.stop() };
}
