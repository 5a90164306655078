import type { ConnectionType } from "@connections/core";

/** The ids a valid request names: the caller's project and one stored row of each kind. */
export interface World {
  projectId: string;
  connectionId: string;
  chatConnectorId: string;
  privateKey: string;
}

/**
 * A database nothing listens on, on loopback: a call that gets past the checks fails at once
 * (connection refused) instead of reaching out to the network.
 */
export const LOOPBACK_CONFIG = { host: "127.0.0.1", port: 1, database: "app", user: "reader", password: "sweep-db-password" };

const PEM = "-----BEGIN CERTIFICATE-----\nMIIBsweep\n-----END CERTIFICATE-----\n";
const FINGERPRINT = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

/** Every field a type's config has, tunnel included, so a malformed payload can break any of them. */
export function fullConfigs(privateKey: string): Record<ConnectionType, Record<string, unknown>> {
  const ssh_tunnel = { host: "bastion.example.com", port: 22, user: "dynamiq", private_key: privateKey, host_key_fingerprint: FINGERPRINT };
  return {
    "dynamiq.connections.PostgreSQL": {
      host: "10.0.12.34",
      port: 5432,
      database: "analytics",
      user: "reader",
      password: "pw",
      ssl: { mode: "verify-full", ca: PEM },
      ssh_tunnel,
    },
    "dynamiq.connections.MySQL": {
      host: "mysql.internal",
      port: 3306,
      database: "app",
      user: "reader",
      password: "pw",
      ssl: { mode: "required" },
      ssh_tunnel,
    },
    "dynamiq.connections.ClickHouse": {
      host: "ch.internal",
      port: 8443,
      database: "default",
      user: "default",
      password: "",
      secure: true,
      tls_ca: PEM,
      ssh_tunnel,
    },
    "dynamiq.connections.Vertica": {
      host: "vertica.internal",
      port: 5433,
      database: "vmart",
      user: "dbadmin",
      password: "pw",
      tls_mode: "require",
      ssh_tunnel,
    },
    "dynamiq.connections.Trino": {
      host: "trino.internal",
      port: 443,
      user: "analyst",
      password: "pw",
      catalog: "hive",
      schema: "web",
      http_scheme: "https",
      ssh_tunnel,
    },
  };
}

let names = 0;

/** A name no other request of this process uses, so a create that succeeds never conflicts. */
export function uniqueName(prefix: string): string {
  names += 1;
  return `${prefix}-${process.pid}-${names}`;
}
