import {
  blankFormConfig,
  CONNECTION_TYPE_NAMES,
  CONNECTION_TYPE_REGISTRY,
  type Connection,
  type ChatConnector,
  type ConnectionFormValues,
  type ConnectionType,
} from "@connections/core";

type Json = Record<string, unknown>;

const BLANK_SSH_SERVER = { host: "", port: "", user: "", private_key: "", private_key_passphrase: "", host_key_fingerprint: "" };

/**
 * A jump host row as the form holds it: every field a string, blank until typed, and whether to
 * drop the hop's stored key for the tunnel's (a form-only choice, sent as null key and passphrase).
 */
export const BLANK_JUMP_HOST = { ...BLANK_SSH_SERVER, use_tunnel_key: false };

// `authorized_key` is the reverse mode's only field: the agent's public key.
const BLANK_TUNNEL = { ...BLANK_SSH_SERVER, jump_hosts: [] as Array<typeof BLANK_JUMP_HOST>, authorized_key: "" };

// Every field any type shows, blank; the form only keeps (and sends) the ones on screen.
const BLANK_CONFIG = { ...blankFormConfig(CONNECTION_TYPE_REGISTRY), ssh_tunnel: BLANK_TUNNEL };

export function newConnectionValues(type: ConnectionType = CONNECTION_TYPE_NAMES[0]): ConnectionFormValues {
  return {
    name: "",
    type,
    read_only: false,
    tunnel: false,
    tunnel_mode: "bastion",
    key_source: "paste",
    config: structuredClone(BLANK_CONFIG),
  };
}

/** A saved connection (or chat connector) as form values: what it shows, with every secret field blank (blank keeps it). */
export function savedConnectionValues(connection: Connection | ChatConnector): ConnectionFormValues {
  const view = connection.config as Json & { ssl?: Json; ssh_tunnel?: Json };
  const config: Json = structuredClone(BLANK_CONFIG);
  for (const [key, value] of Object.entries(view)) {
    if (key.startsWith("has_") || key === "ssl" || key === "ssh_tunnel") continue;
    config[key] = typeof value === "number" ? String(value) : value;
  }
  if (view.ssl) config.ssl = { mode: view.ssl.mode, ca: view.ssl.ca ?? "", cert: view.ssl.cert ?? "", key: "" };
  const tunnel = view.ssh_tunnel;
  const reverse = tunnel?.mode === "reverse";
  if (tunnel && reverse) {
    config.ssh_tunnel = { ...BLANK_TUNNEL, authorized_key: tunnel.authorized_key };
  } else if (tunnel) {
    config.ssh_tunnel = {
      ...BLANK_TUNNEL,
      host: tunnel.host,
      port: String(tunnel.port),
      user: tunnel.user,
      host_key_fingerprint: tunnel.host_key_fingerprint ?? "",
      // Each hop's key and passphrase stay blank like the tunnel's: blank keeps what is stored.
      jump_hosts: ((tunnel.jump_hosts ?? []) as Json[]).map((hop) => ({
        ...BLANK_JUMP_HOST,
        host: hop.host,
        port: String(hop.port),
        user: hop.user,
        host_key_fingerprint: hop.host_key_fingerprint ?? "",
      })),
    };
  }
  return {
    name: connection.name,
    type: connection.type,
    read_only: connection.read_only,
    tunnel: tunnel !== undefined,
    tunnel_mode: reverse ? "reverse" : "bastion",
    key_source: tunnel?.key_source === "generated" ? "generate" : "paste",
    config,
  };
}
