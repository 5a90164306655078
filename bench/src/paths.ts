// The four ways a driver reaches its database in the bench: directly, through our tunnel engine,
// through OpenSSH's `ssh -N -L` and through the npm package tunnel-ssh (both local TCP forwards).
import { createTunnel } from "tunnel-ssh";
import { freePort, startOpenSshForward, type OpenSshForwardOptions } from "@connections/testkit";
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

/**
 * `sshPort` points the SSH client at another port on the bastion's host (the WAN relay) instead of
 * sshd's own.
 */
export async function openPath(
  name: PathName,
  env: BenchEnvironment,
  config: Config,
  pool?: TunnelPool,
  sshPort = env.sshd.port,
): Promise<OpenPath> {
  switch (name) {
    case "direct":
      return { transport: directTransport(BENCH_POLICY), config, close: async () => {} };
    case "ours":
      return openOurs(env, config, sshPort, pool);
    case "openssh":
      return openOpenSsh(env, config, sshPort);
    case "tunnel-ssh":
      return openTunnelSsh(env, config, sshPort);
  }
}

/** Through our engine; with a shared pool the SSH connection is reused, else one is made and closed. */
async function openOurs(env: BenchEnvironment, config: Config, sshPort: number, shared?: TunnelPool): Promise<OpenPath> {
  const pool = shared ?? new TunnelPool({ policy: BENCH_POLICY });
  const endpoint = {
    host: env.sshd.host,
    port: sshPort,
    user: env.sshd.user,
    key: await parsePrivateKey(env.key.privateKey),
    pinnedHostKey: undefined,
  };
  const tunnel = await pool.acquire([endpoint], DEFAULT_TIMEOUTS);
  return {
    transport: tunnelTransport(tunnel, DEFAULT_TIMEOUTS.forward),
    config,
    close: async () => (shared ? undefined : pool.closeAll()),
  };
}

function openOpenSsh(env: BenchEnvironment, config: Config, sshPort: number): Promise<OpenPath> {
  return openOpenSshForward({ server: { host: env.sshd.host, port: sshPort, user: env.sshd.user, identityFile: env.key.path } }, config);
}

/** OpenSSH's own `-L` (through `jumpHosts` with `-J`): the driver connects to its loopback port. */
export async function openOpenSshForward(hops: Omit<OpenSshForwardOptions, "target">, config: Config): Promise<OpenPath> {
  const forward = await startOpenSshForward({ ...hops, target: config });
  return {
    transport: directTransport(BENCH_POLICY),
    config: { ...config, host: "127.0.0.1", port: forward.port },
    pid: forward.pid,
    close: () => forward.stop(),
  };
}

async function openTunnelSsh(env: BenchEnvironment, config: Config, sshPort: number): Promise<OpenPath> {
  const localPort = await freePort();
  const [server, client] = await createTunnel(
    { autoClose: false, reconnectOnError: false },
    { host: "127.0.0.1", port: localPort },
    { host: env.sshd.host, port: sshPort, username: env.sshd.user, privateKey: env.key.privateKey },
    { dstAddr: config.host, dstPort: config.port },
  );
  const close = async () => {
    await new Promise((resolve) => server.close(resolve));
    client.end();
  };
  return { transport: directTransport(BENCH_POLICY), config: { ...config, host: "127.0.0.1", port: localPort }, close };
}
