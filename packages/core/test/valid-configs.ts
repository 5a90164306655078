import type { ConnectionType } from "../src/index.ts";

// The smallest config each type accepts, so a test can change one field and see its effect.
export const MINIMAL_CONFIGS: Record<ConnectionType, Record<string, unknown>> = {
  "dynamiq.connections.PostgreSQL": { host: "db.internal", database: "app", user: "reader", password: "pw" },
  "dynamiq.connections.MySQL": { host: "db.internal", database: "app", user: "reader", password: "pw" },
  "dynamiq.connections.ClickHouse": { host: "db.internal", password: "" },
  "dynamiq.connections.Vertica": { host: "db.internal", database: "app", user: "reader", password: "pw" },
  "dynamiq.connections.Trino": { host: "db.internal", user: "reader" },
};

/** Placeholder PEM text for schema tests (not a key: the schemas check the PEM shape only). */
export function pem(label: string, body: string): string {
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export const TUNNEL = { host: "bastion.example.com", user: "tunnel" };

export const FINGERPRINT = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
