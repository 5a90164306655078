import { AppError, type ConnectionConfig } from "@connections/core";
import { agentKeyFingerprint, generateKeyPair } from "@connections/tunnel";
import { checkPrivateKey } from "./check-private-key.ts";
import type { JumpKeyInfo, TunnelKeyInfo } from "./stored-connection.ts";

/** A config ready to store, with the public key info to show beside it. */
export interface PreparedTunnel {
  config: ConnectionConfig;
  tunnelKey?: TunnelKeyInfo;
  /** One per jump host (present when there are any): its own key, or null when it uses the tunnel's. */
  jumpKeys?: Array<JumpKeyInfo | null>;
  /** A reverse tunnel's agent key, by its SHA256 fingerprint. */
  agentKey?: string;
}

/**
 * Checks the tunnel's private key (format, passphrase) or, when none is given, generates a
 * dedicated Ed25519 pair; checks each jump host's own key the same way, but generates none for a
 * hop: without a key it logs in with the tunnel's. Every key problem is named in one error.
 */
export async function prepareTunnel(
  config: ConnectionConfig,
  connectionId: string,
  keptKeySource?: TunnelKeyInfo["key_source"],
): Promise<PreparedTunnel> {
  const tunnel = config.ssh_tunnel;
  if (!tunnel) return { config };
  if (tunnel.mode === "reverse") return { config, agentKey: checkedAgentKey(tunnel.authorized_key) };
  const hops = tunnel.jump_hosts ?? [];
  const [own, ...jumps] = await Promise.all([
    checkPrivateKey(tunnel, "ssh_tunnel", "is only used with ssh_tunnel.private_key; remove it or add the key"),
    ...hops.map((hop, index) =>
      checkPrivateKey(
        hop,
        `ssh_tunnel.jump_hosts.${index}`,
        "is only used with this jump host's private_key; remove it or add the key (without one the hop uses the tunnel's key)",
      ),
    ),
  ]);
  const problems = [own, ...jumps].flatMap((check) => (check.problem ? [check.problem] : []));
  if (problems.length > 0) throw AppError.invalid(problems);
  const jumpKeys = hops.length > 0 ? { jumpKeys: jumps.map((check) => check.key ?? null) } : {};
  if (own.key) return { config, tunnelKey: { ...own.key, key_source: keptKeySource ?? "provided" }, ...jumpKeys };
  const generated = await generateKeyPair(`connections-${connectionId}`);
  return {
    config: { ...config, ssh_tunnel: { ...tunnel, private_key: generated.privateKey } },
    tunnelKey: {
      public_key: generated.publicKey,
      public_key_fingerprint: generated.fingerprint,
      key_source: "generated",
      key_warnings: [],
    },
    ...jumpKeys,
  };
}

function checkedAgentKey(line: string): string {
  const fingerprint = agentKeyFingerprint(line);
  if (fingerprint) return fingerprint;
  throw AppError.invalid([
    {
      path: "config.ssh_tunnel.authorized_key",
      code: "INVALID_VALUE",
      message:
        "is not a public key this service can check signatures with: paste the whole line of ~/.ssh/connections_agent.pub (an Ed25519, ECDSA or RSA key)",
    },
  ]);
}
