import type { Hop } from "../diagnostics.ts";

/**
 * Which SSH server of a tunnel a failure is about, so its message and hint name that server and
 * the config fields that describe it: the bastion, or one of the jump hosts before it.
 */
export interface SshServerRef {
  /** Its place in a chain; absent when the tunnel has no jump hosts. */
  hop?: Hop;
  /** Config path of its block: "ssh_tunnel" or "ssh_tunnel.jump_hosts.0". */
  field: string;
  /** "the bastion" or "jump host 1". */
  label: string;
  /** Who opens the TCP connection to it: "this service", or the jump host before it. */
  reachedFrom: string;
  /** Where it must allow forwarding to: the database, or the next hop's host:port. */
  forwardsTo: string;
}

export const BASTION_SERVER: SshServerRef = {
  field: "ssh_tunnel",
  label: "the bastion",
  reachedFrom: "this service",
  forwardsTo: "the database host:port",
};

/** The customer's agent of a reverse tunnel: it connects to the database from inside its network. */
export const AGENT_SERVER: SshServerRef = {
  field: "ssh_tunnel",
  label: "the agent",
  reachedFrom: "your network",
  forwardsTo: "the database host:port",
};

/**
 * The servers of a route in order, jump hosts first and the bastion last, each described for
 * messages and hints. Without jump hosts it is the bastion alone, without a hop.
 */
export function sshServersOf(
  jumpHosts: ReadonlyArray<{ host: string; port: number }>,
  bastion: { host: string; port: number },
): SshServerRef[] {
  if (jumpHosts.length === 0) return [BASTION_SERVER];
  const servers = [...jumpHosts, bastion];
  return servers.map((server, i) => {
    const isBastion = i === servers.length - 1;
    const next = servers[i + 1];
    return {
      hop: { index: i + 1, host: server.host },
      field: isBastion ? "ssh_tunnel" : `ssh_tunnel.jump_hosts.${i}`,
      label: isBastion ? "the bastion" : `jump host ${i + 1}`,
      reachedFrom: i === 0 ? "this service" : `jump host ${i}`,
      forwardsTo: next ? `${next.host}:${next.port}` : BASTION_SERVER.forwardsTo,
    };
  });
}

/** "the bastion" → "The bastion", for the start of a sentence. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
