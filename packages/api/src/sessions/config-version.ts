import { createHmac, randomBytes } from "node:crypto";
import type { ConnectionConfig, ConnectionType } from "@connections/core";

// Keyed per process, so the digest of a config (which holds its secrets) cannot be checked against guesses.
const PROCESS_KEY = randomBytes(32);

/**
 * A digest of everything a session is opened with: any change to the config or its secrets
 * changes it. The bastion's host key pin is left out: the first session writes it (trust on first
 * use), which must not retire that session; a pin changed on purpose is an update, which drops the
 * connection's sessions itself.
 */
export function configVersion(type: ConnectionType, config: ConnectionConfig): string {
  const tunnel = config.ssh_tunnel as Record<string, unknown> | undefined;
  const opened = tunnel ? { ...config, ssh_tunnel: { ...tunnel, host_key_fingerprint: undefined } } : config;
  return createHmac("sha256", PROCESS_KEY).update(type).update("\0").update(JSON.stringify(opened)).digest("base64url");
}
