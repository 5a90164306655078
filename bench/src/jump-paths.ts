// The jump-host bench's ways to a database behind the bastion: our engine and OpenSSH's client,
// each straight to the bastion (the single-hop reference) and through one jump host first.
import { sshServersOf } from "@connections/core";
import { type OpenSshHop, type SshdServer } from "@connections/testkit";
import { DEFAULT_TIMEOUTS, parsePrivateKey, TunnelPool, tunnelTransport, type SshEndpoint, type SshRoute } from "@connections/tunnel";
import type { BenchEnvironment, DatabaseAddress } from "./environment.ts";
import { BENCH_POLICY, openOpenSshForward, type OpenPath } from "./paths.ts";

export const CHAIN_PATHS = ["ours, 1 hop", "ours, 2 hops", "OpenSSH -L", "OpenSSH -J"] as const;
export type ChainPath = (typeof CHAIN_PATHS)[number];

/** The bench's bastion (its own sshd) and a second sshd in front of it as the jump host. */
export interface JumpBench {
  env: BenchEnvironment;
  jump: SshdServer;
}

/**
 * The port each SSH client connects to, per link: the servers' own, or relays standing in for the
 * links (the hosts are the servers' own, all on loopback).
 */
export interface ChainLinks {
  /** The bastion as this service reaches it, for the single-hop paths. */
  bastionFromService: number;
  /** The jump host as this service reaches it. */
  jumpFromService: number;
  /** The bastion as the jump host reaches it. */
  bastionFromJump: number;
}

/** The servers' own ports: no relay on any link. */
export const directLinks = ({ env, jump }: JumpBench): ChainLinks => ({
  bastionFromService: env.sshd.port,
  jumpFromService: jump.port,
  bastionFromJump: env.sshd.port,
});

/** Opens a fresh chain every time (a pool of its own), so each open pays every handshake. */
export async function openChainPath(name: ChainPath, bench: JumpBench, config: DatabaseAddress, links: ChainLinks): Promise<OpenPath> {
  const { env, jump } = bench;
  const direct = { host: env.sshd.host, user: env.sshd.user, port: links.bastionFromService };
  const jumps = [{ host: jump.host, user: jump.user, port: links.jumpFromService }];
  const behindJump = { ...direct, port: links.bastionFromJump };
  switch (name) {
    case "ours, 1 hop":
      return openOurs(bench, [], direct, config);
    case "ours, 2 hops":
      return openOurs(bench, jumps, behindJump, config);
    case "OpenSSH -L":
      return openOpenSsh(bench, [], direct, config);
    case "OpenSSH -J":
      return openOpenSsh(bench, jumps, behindJump, config);
  }
}

type Hop = { host: string; port: number; user: string };

/** Every hop logs in with the bench's one key, as a jump host without a key of its own does. */
async function openOurs({ env }: JumpBench, jumps: Hop[], bastion: Hop, config: DatabaseAddress): Promise<OpenPath> {
  const key = await parsePrivateKey(env.key.privateKey);
  const servers = sshServersOf(jumps, bastion);
  const endpoint = (hop: Hop, i: number): SshEndpoint => ({ ...hop, key, pinnedHostKey: undefined, server: servers[i] });
  const route: SshRoute = [...jumps.map(endpoint), endpoint(bastion, jumps.length)];
  const pool = new TunnelPool({ policy: BENCH_POLICY });
  try {
    const tunnel = await pool.acquire(route, DEFAULT_TIMEOUTS);
    return { transport: tunnelTransport(tunnel, DEFAULT_TIMEOUTS.forward), config, close: async () => pool.closeAll() };
  } catch (error) {
    pool.closeAll();
    throw error;
  }
}

function openOpenSsh({ env }: JumpBench, jumps: Hop[], bastion: Hop, config: DatabaseAddress): Promise<OpenPath> {
  const withKey = (hop: Hop): OpenSshHop => ({ ...hop, identityFile: env.key.path });
  return openOpenSshForward({ jumpHosts: jumps.map(withKey), server: withKey(bastion) }, config);
}
