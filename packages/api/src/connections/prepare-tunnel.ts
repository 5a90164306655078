import { AppError, type ConnectionConfig } from "@connections/core";
import { generateKeyPair, KeyError, parsePrivateKey } from "@connections/tunnel";
import { keyFieldError } from "./key-field-error.ts";
import type { TunnelKeyInfo } from "./stored-connection.ts";

/**
 * Checks the tunnel's private key (format, passphrase) or, when none is given, generates a
 * dedicated Ed25519 pair. Returns the config to store and the public key info to show.
 */
export async function prepareTunnel(
  config: ConnectionConfig,
  connectionId: string,
  keptKeySource?: TunnelKeyInfo["key_source"],
): Promise<{ config: ConnectionConfig; tunnelKey?: TunnelKeyInfo }> {
  const tunnel = config.ssh_tunnel;
  if (!tunnel) return { config };
  if (tunnel.private_key === undefined) {
    if (tunnel.private_key_passphrase !== undefined) {
      throw AppError.invalid([
        {
          path: "config.ssh_tunnel.private_key_passphrase",
          code: "INVALID_VALUE",
          message: "is only used with ssh_tunnel.private_key; remove it or add the key",
        },
      ]);
    }
    const generated = await generateKeyPair(`connections-${connectionId}`);
    return {
      config: { ...config, ssh_tunnel: { ...tunnel, private_key: generated.privateKey } },
      tunnelKey: {
        public_key: generated.publicKey,
        public_key_fingerprint: generated.fingerprint,
        key_source: "generated",
        key_warnings: [],
      },
    };
  }
  try {
    const key = await parsePrivateKey(tunnel.private_key, tunnel.private_key_passphrase);
    return {
      config,
      tunnelKey: {
        public_key: key.publicKey,
        public_key_fingerprint: key.fingerprint,
        key_source: keptKeySource ?? "provided",
        key_warnings: key.warnings,
      },
    };
  } catch (error) {
    if (!(error instanceof KeyError)) throw error;
    throw keyFieldError(error);
  }
}
