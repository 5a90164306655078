import { z } from "zod";
import { CONNECTION_TYPES, connectionTypeSchema, type ConnectionType } from "./config/connection-types.ts";
import { connectionNameSchema, type Connection } from "./connection.ts";
import { fieldSentence } from "./errors/field-sentence.ts";
import { portPlaceholder } from "./registry/form-fields.ts";

export const KEY_SOURCES = ["paste", "generate"] as const;
export type KeySource = (typeof KEY_SOURCES)[number];

/** How the tunnel reaches the database: this service logs in to a bastion, or the customer's agent dials out (SPEC §11). */
export const TUNNEL_MODES = ["bastion", "reverse"] as const;
export type TunnelMode = (typeof TUNNEL_MODES)[number];

type Json = Record<string, unknown>;

/** A saved jump host as its edit form needs it: which server it is, and whether its host key is pinned. */
export interface StoredJumpHost {
  host: string;
  port: number;
  user: string;
  pinned: boolean;
}

/** What a saved connection already holds, so blank secret fields in its edit form keep it. */
export interface StoredSecrets {
  /** Secret paths inside `config` that have a stored value (`password`, `ssh_tunnel.private_key`, …). */
  paths: ReadonlySet<string>;
  /** The tunnel's stored key is one the service generated. */
  generatedKey: boolean;
  /** The tunnel has a pinned host key: left out, a PUT keeps it, so a field emptied on purpose sends null. */
  hostKeyPinned?: boolean;
  /** The saved jump hosts, in order: a hop's stored secrets (in `paths`) are kept only while it is the same server. */
  jumpHosts?: readonly StoredJumpHost[];
}

export const NOTHING_STORED: StoredSecrets = { paths: new Set(), generatedKey: false };

/** The secrets a connection holds, read from its presence flags (nothing secret is needed). */
export function storedSecretsOf(connection: Pick<Connection, "config">): StoredSecrets {
  const config = connection.config as Json & { ssl?: { has_key?: boolean } };
  const tunnel =
    "ssh_tunnel" in connection.config && connection.config.ssh_tunnel?.mode !== "reverse" ? connection.config.ssh_tunnel : undefined;
  const paths = new Set<string>();
  if (config.has_password === true) paths.add("password");
  if (config.ssl?.has_key === true) paths.add("ssl.key");
  if (tunnel) paths.add("ssh_tunnel.private_key");
  if (tunnel?.has_private_key_passphrase) paths.add("ssh_tunnel.private_key_passphrase");
  // Absent from a view saved before jump hosts existed.
  const hops = tunnel?.jump_hosts ?? [];
  hops.forEach((hop, index) => {
    if (hop.key_source === "provided") paths.add(`ssh_tunnel.jump_hosts.${index}.private_key`);
    if (hop.has_private_key_passphrase) paths.add(`ssh_tunnel.jump_hosts.${index}.private_key_passphrase`);
  });
  return {
    paths,
    generatedKey: tunnel?.key_source === "generated",
    hostKeyPinned: typeof tunnel?.host_key_fingerprint === "string",
    jumpHosts: hops.map((hop) => ({ host: hop.host, port: hop.port, user: hop.user, pinned: hop.host_key_fingerprint !== null })),
  };
}

type HopAsTyped = { host?: unknown; port?: unknown; user?: unknown };

// A port left blank is the default one, as the server takes it.
function sameAddress(hop: HopAsTyped, saved: StoredJumpHost): boolean {
  const port = hop.port === undefined || (typeof hop.port === "string" && hop.port.trim() === "") ? 22 : Number(hop.port);
  return String(hop.host ?? "").trim() === saved.host && port === saved.port;
}

/**
 * Whether the jump host at `index` of the form (host, port and user as typed) is still the saved
 * login there, whose stored key and passphrase a blank field keeps (the server's rule on PUT).
 */
export function isSavedJumpHost(stored: StoredSecrets, index: number, hop: HopAsTyped): boolean {
  const saved = stored.jumpHosts?.[index];
  return saved !== undefined && sameAddress(hop, saved) && String(hop.user ?? "").trim() === saved.user;
}

const formValuesSchema = z.object({
  name: z.string(),
  type: connectionTypeSchema,
  read_only: z.boolean().default(false),
  tunnel: z.boolean(),
  // Only on screen while the tunnel is on.
  tunnel_mode: z.enum(TUNNEL_MODES).default("bastion"),
  // Only on screen while the tunnel goes through a bastion.
  key_source: z.enum(KEY_SOURCES).default("paste"),
  // Fields hold strings and booleans by dotted name; `any` lets react-hook-form type each one.
  config: z.record(z.string(), z.any()),
});
/** The form's fields: the request body as typed (strings), the tunnel switch, its mode and the key choice. */
export type ConnectionFormValues = z.input<typeof formValuesSchema>;

export interface ConnectionFormBody {
  name: string;
  type: ConnectionType;
  read_only: boolean;
  config: Json;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Blank fields are left out (the type's default applies, or the stored secret is kept); a blank
// password with none stored means an empty password; an optional block left wholly blank goes.
// A list (the jump hosts) keeps each of its rows, blank or not, and goes when empty.
function withoutBlanks(node: Json, stored: ReadonlySet<string>, prefix = ""): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    const path = prefix + key;
    if (isObject(value)) {
      const inner = withoutBlanks(value, stored, `${path}.`);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (Array.isArray(value)) {
      if (value.length > 0)
        out[key] = value.map((item, index) => (isObject(item) ? withoutBlanks(item, stored, `${path}.${index}.`) : item));
    } else if (value === "" || value === undefined) {
      if (path === "password" && value === "" && !stored.has(path)) out[key] = "";
    } else if (key === "port" && typeof value === "string" && /^\s*\d+\s*$/.test(value)) {
      out[key] = Number(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * The create or PUT body for the form's values. Secrets left blank are left out, which keeps a
 * stored one; switching the tunnel off leaves `ssh_tunnel` out, which removes it; "generate" leaves
 * the key out (a new pair) or, replacing a pasted key, sends null so the service makes one. A
 * pinned host key emptied in the form is sent as null, which clears it (left out would keep it).
 * A reverse tunnel sends only its mode and the agent's public key: no bastion field applies to it.
 */
export function connectionFormBody(values: ConnectionFormValues, stored: StoredSecrets = NOTHING_STORED): ConnectionFormBody {
  const config = withoutBlanks(values.config, stored.paths);
  if (!values.tunnel) {
    delete config.ssh_tunnel;
  } else if (values.tunnel_mode === "reverse") {
    const tunnel: Json = isObject(config.ssh_tunnel) ? config.ssh_tunnel : {};
    config.ssh_tunnel = { mode: "reverse", ...(tunnel.authorized_key === undefined ? {} : { authorized_key: tunnel.authorized_key }) };
  } else {
    const tunnel: Json = isObject(config.ssh_tunnel) ? config.ssh_tunnel : {};
    // Typed in the reverse mode's panel before switching back: not a bastion field.
    delete tunnel.authorized_key;
    if (values.key_source === "generate") {
      delete tunnel.private_key_passphrase;
      if (stored.paths.has("ssh_tunnel.private_key") && !stored.generatedKey) tunnel.private_key = null;
      else delete tunnel.private_key;
    }
    if (stored.hostKeyPinned && tunnel.host_key_fingerprint === undefined) tunnel.host_key_fingerprint = null;
    if (Array.isArray(tunnel.jump_hosts)) {
      tunnel.jump_hosts.forEach((hop: Json, index: number) => {
        // "Use the tunnel's key" on a hop whose key is stored: key and passphrase are cleared (left
        // out would keep them); the key fields are hidden meanwhile, so nothing typed there counts.
        if (hop.use_tunnel_key === true && isSavedJumpHost(stored, index, hop))
          Object.assign(hop, { private_key: null, private_key_passphrase: null });
        delete hop.use_tunnel_key;
        // A pin belongs to the server wherever it is in the list; emptied, it is cleared.
        if (hop.host_key_fingerprint === undefined && stored.jumpHosts?.some((saved) => saved.pinned && sameAddress(hop, saved)))
          hop.host_key_fingerprint = null;
      });
    }
    config.ssh_tunnel = tunnel;
  }
  return { name: values.name, type: values.type, read_only: values.read_only ?? false, config };
}

/**
 * The database as the agent's network reaches it, from the form's host and port (blank port: the
 * type's default), to build the agent's command before saving; null until a host is typed, or while
 * the port is not a port.
 */
export function agentDatabaseOf(values: Pick<ConnectionFormValues, "type" | "config">): { host: string; port: number } | null {
  const host = typeof values.config.host === "string" ? values.config.host.trim() : "";
  if (host === "") return null;
  const typed = typeof values.config.port === "string" ? values.config.port.trim() : "";
  if (!/^\d*$/.test(typed)) return null;
  const port = Number(typed === "" ? portPlaceholder(CONNECTION_TYPES[values.type], values.config) : typed);
  return port >= 1 && port <= 65535 ? { host, port } : null;
}

function withoutNulls(node: Json): Json {
  const inner = (value: unknown): unknown => (isObject(value) ? withoutNulls(value) : Array.isArray(value) ? value.map(inner) : value);
  return Object.fromEntries(
    Object.entries(node)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => [key, inner(value)]),
  );
}

type ConfigSchemas = { readonly [T in ConnectionType]: z.ZodType };

const CONNECTION_CONFIG_SCHEMAS = Object.fromEntries(
  Object.entries(CONNECTION_TYPES).map(([type, definition]) => [type, definition.config]),
) as unknown as ConfigSchemas;

/**
 * The connection form's schema: the same name and per-type config rules as the API, applied to
 * the body the form will send. A problem with a secret the server keeps (e.g. a required password
 * left blank on edit) is not the user's to fix, so it is not reported. The chat connect modal
 * passes its own config schemas (Chat's stricter bastion block).
 */
export function connectionFormSchema(stored: StoredSecrets = NOTHING_STORED, configSchemas: ConfigSchemas = CONNECTION_CONFIG_SCHEMAS) {
  return formValuesSchema
    .transform((values) => connectionFormBody(values, stored))
    .superRefine((body, ctx) => {
      const name = connectionNameSchema.safeParse(body.name);
      if (!name.success)
        for (const issue of name.error.issues)
          ctx.addIssue({ code: "custom", message: fieldSentence("name", issue.message), path: ["name"] });
      const config = configSchemas[body.type].safeParse(withoutNulls(body.config));
      if (config.success) return;
      for (const issue of config.error.issues) {
        if (stored.paths.has(issue.path.join("."))) continue;
        const path = ["config", ...issue.path.map(String)];
        ctx.addIssue({ code: "custom", message: fieldSentence(path.join("."), issue.message), path });
      }
    });
}
