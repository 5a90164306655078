// The four ways a driver reaches its database in the bench: directly, through our tunnel engine,
// through OpenSSH's `ssh -N -L` and through the npm package tunnel-ssh (both local TCP forwards).
import { connect } from "node:net";
import { join } from "node:path";
import { createTunnel } from "tunnel-ssh";
import { freePort, scratchDir, startProcess, waitFor } from "@connections/testkit";
import {
  DEFAULT_TIMEOUTS,
  directTransport,
  parsePrivateKey,
  TargetPolicy,
  TunnelPool,
  tunnelTransport,
  type Transport,
} from "@connections/tunnel";
import type { BenchEnvironment, DatabaseAddress as Config } from "./environment.ts";

// The bench reaches only its own servers on loopback, which the default policy allows.
export const BENCH_POLICY = new TargetPolicy();

export const PATH_NAMES = ["direct", "ours", "openssh", "tunnel-ssh"] as const;
export type PathName = (typeof PATH_NAMES)[number];

/** One path to one database: the transport and config the driver uses, and how to tear it down. */
export interface OpenPath {
  transport: Transport;
  config: Record<string, unknown>;
  /** The forwarding process, when the path has its own (OpenSSH's client). */
  pid?: number;
  close(): Promise<void>;
}

export async function openPath(name: PathName, env: BenchEnvironment, config: Config, pool?: TunnelPool): Promise<OpenPath> {
  switch (name) {
    case "direct":
      return { transport: directTransport(BENCH_POLICY), config, close: async () => {} };
    case "ours":
      return openOurs(env, config, pool);
    case "openssh":
      return openOpenSsh(env, config);
    case "tunnel-ssh":
      return openTunnelSsh(env, config);
  }
}

/** Through our engine; with a shared pool the SSH connection is reused, else one is made and closed. */
async function openOurs(env: BenchEnvironment, config: Config, shared?: TunnelPool): Promise<OpenPath> {
  const pool = shared ?? new TunnelPool({ policy: BENCH_POLICY });
  const endpoint = {
    host: env.sshd.host,
    port: env.sshd.port,
    user: env.sshd.user,
    key: await parsePrivateKey(env.key.privateKey),
    pinnedHostKey: undefined,
  };
  const tunnel = await pool.acquire(endpoint, DEFAULT_TIMEOUTS);
  return {
    transport: tunnelTransport(tunnel, DEFAULT_TIMEOUTS.forward),
    config,
    close: async () => (shared ? undefined : pool.closeAll()),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function openOpenSsh(env: BenchEnvironment, config: Config): Promise<OpenPath> {
  const localPort = await freePort();
  const proc = startProcess(
    "ssh",
    [
      "-N",
      "-L",
      `127.0.0.1:${localPort}:${config.host}:${config.port}`,
      "-i",
      env.key.path,
      "-p",
      String(env.sshd.port),
      "-o",
      "StrictHostKeyChecking=no",
      "-o",
      "UserKnownHostsFile=/dev/null",
      "-o",
      "BatchMode=yes",
      "-o",
      "ExitOnForwardFailure=yes",
      "-o",
      "LogLevel=ERROR",
      `${env.sshd.user}@${env.sshd.host}`,
    ],
    join(scratchDir("bench-openssh"), "ssh.log"),
  );
  try {
    await waitFor("ssh -L", () => accepts(localPort), 10_000, proc);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return {
    transport: directTransport(BENCH_POLICY),
    config: { ...config, host: "127.0.0.1", port: localPort },
    pid: proc.pid,
    close: () => proc.stop(),
  };
}

async function openTunnelSsh(env: BenchEnvironment, config: Config): Promise<OpenPath> {
  const localPort = await freePort();
  const [server, client] = await createTunnel(
    { autoClose: false, reconnectOnError: false },
    { host: "127.0.0.1", port: localPort },
    { host: env.sshd.host, port: env.sshd.port, username: env.sshd.user, privateKey: env.key.privateKey },
    { dstAddr: config.host, dstPort: config.port },
  );
  const close = async () => {
    await new Promise((resolve) => server.close(resolve));
    client.end();
  };
  return { transport: directTransport(BENCH_POLICY), config: { ...config, host: "127.0.0.1", port: localPort }, close };
}
