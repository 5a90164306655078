import { MYSQL_SSL_MODES, POSTGRESQL_SSL_MODES, TRINO_HTTP_SCHEMES, VERTICA_TLS_MODES, type ConnectionType } from "@connections/core";

/** One input of a type's config in the connect modal; `path` is its place in the request body. */
export interface ConfigFieldSpec {
  path: string;
  label: string;
  input: "text" | "number" | "password" | "select" | "checkbox";
  placeholder?: string;
  options?: readonly string[];
  /** Blank means "leave it out" (so the type's default or nothing applies). */
  optional?: boolean;
  hint?: string;
  /** The select's value becomes `{ mode }` of an `ssl` block (PostgreSQL, MySQL). */
  sslMode?: boolean;
}

const host: ConfigFieldSpec = { path: "config.host", label: "Host", input: "text", placeholder: "10.0.12.34", hint: "As the database's own network (or the bastion) resolves it" };
const user: ConfigFieldSpec = { path: "config.user", label: "User", input: "text" };
const database: ConfigFieldSpec = { path: "config.database", label: "Database", input: "text" };
const password: ConfigFieldSpec = { path: "config.password", label: "Password", input: "password" };
const port = (placeholder: string): ConfigFieldSpec => ({ path: "config.port", label: "Port", input: "number", placeholder, optional: true });

/** The database fields of each type (SPEC §2), in form order. */
export const CONFIG_FIELDS: Record<ConnectionType, ConfigFieldSpec[]> = {
  "dynamiq.connections.PostgreSQL": [
    host,
    port("5432"),
    database,
    user,
    password,
    { path: "config.ssl", label: "TLS mode", input: "select", options: POSTGRESQL_SSL_MODES, optional: true, sslMode: true },
  ],
  "dynamiq.connections.MySQL": [
    host,
    port("3306"),
    database,
    user,
    password,
    { path: "config.ssl", label: "TLS mode", input: "select", options: MYSQL_SSL_MODES, optional: true, sslMode: true },
  ],
  "dynamiq.connections.ClickHouse": [
    host,
    port("8123, or 8443 with HTTPS"),
    { ...database, placeholder: "default", optional: true },
    { ...user, placeholder: "default", optional: true },
    password,
    { path: "config.secure", label: "HTTPS", input: "checkbox" },
  ],
  "dynamiq.connections.Vertica": [
    host,
    port("5433"),
    database,
    user,
    password,
    { path: "config.tls_mode", label: "TLS mode", input: "select", options: VERTICA_TLS_MODES, optional: true },
  ],
  "dynamiq.connections.Trino": [
    host,
    port("8080, or 443 with https"),
    user,
    { ...password, optional: true },
    { path: "config.catalog", label: "Catalog", input: "text", optional: true },
    { path: "config.schema", label: "Schema", input: "text", optional: true },
    { path: "config.http_scheme", label: "Scheme", input: "select", options: TRINO_HTTP_SCHEMES },
  ],
};

/** Turns an input's text into the value the shared schema expects. */
export function valueOf(spec: Pick<ConfigFieldSpec, "input" | "optional" | "sslMode">, raw: unknown): unknown {
  if (spec.input === "checkbox") return raw;
  const text = typeof raw === "string" ? raw : "";
  if (text === "" && spec.optional) return undefined;
  if (spec.sslMode) return { mode: text };
  return spec.input === "number" && text !== "" ? Number(text) : text;
}
