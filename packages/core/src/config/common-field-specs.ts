import type { FieldSpec } from "../registry/field-spec.ts";

// UI fields most types share, so each type's file lists only what differs.

const PEM_PLACEHOLDER = "-----BEGIN CERTIFICATE-----";

export const hostSpec: FieldSpec = {
  path: "host",
  label: "Host",
  input: "text",
  order: 10,
  group: "address",
  placeholder: "10.0.12.34",
  help: "The database's own address; with a tunnel, as the bastion (or your agent) reaches it",
};
/** Its placeholder is the type's default port. */
export const portSpec: FieldSpec = { path: "port", label: "Port", input: "port", order: 20, group: "address", optional: true };
export const databaseSpec: FieldSpec = { path: "database", label: "Database", input: "text", order: 30 };
export const userSpec: FieldSpec = { path: "user", label: "User", input: "text", order: 40, group: "login" };
export const passwordSpec: FieldSpec = { path: "password", label: "Password", input: "password", order: 50, group: "login" };

/** Extra CA for a TLS switch: only on screen while TLS is on. */
export function tlsCaSpec(shownWhen: FieldSpec["shownWhen"]): FieldSpec {
  return {
    path: "tls_ca",
    label: "CA certificate (PEM, optional)",
    input: "pem",
    order: 90,
    placeholder: PEM_PLACEHOLDER,
    help: "Only for a private CA",
    optional: true,
    shownWhen,
  };
}

/** PostgreSQL's and MySQL's `ssl` block: a mode in the driver's own words, then CA and client certificate. */
export function sslBlockSpecs(modes: readonly string[]): FieldSpec[] {
  const withMode = { path: "ssl.mode" };
  return [
    {
      path: "ssl.mode",
      label: "TLS mode",
      input: "select",
      order: 60,
      options: modes,
      optional: true,
      blank: "Driver default (no ssl block)",
    },
    {
      path: "ssl.ca",
      label: "CA certificate (PEM, optional)",
      input: "pem",
      order: 70,
      placeholder: PEM_PLACEHOLDER,
      optional: true,
      shownWhen: withMode,
    },
    {
      path: "ssl.cert",
      label: "Client certificate (PEM, optional)",
      input: "pem",
      order: 80,
      placeholder: PEM_PLACEHOLDER,
      optional: true,
      shownWhen: withMode,
    },
    {
      path: "ssl.key",
      label: "Client key (PEM, with the client certificate)",
      input: "pem",
      order: 90,
      optional: true,
      shownWhen: withMode,
    },
  ];
}
