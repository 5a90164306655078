/**
 * How a config field appears in the UI (the connection form and the chat connect modal): both
 * render a type's fields from these specs instead of per-type markup.
 */
export interface FieldSpec {
  /** Dotted path inside `config` (`host`, `ssl.mode`). */
  path: string;
  label: string;
  /** `port` is a number typed as text; `pem` is multi-line PEM text (the chat modal leaves these out). */
  input: "text" | "port" | "password" | "select" | "checkbox" | "pem";
  /** Position in the form; fields are shown by ascending order. */
  order: number;
  /** Consecutive fields of one group share a row. */
  group?: string;
  placeholder?: string;
  help?: string;
  /** A select's choices. */
  options?: readonly string[];
  /** Blank leaves the field out (the type's default, or nothing, applies). */
  optional?: boolean;
  /** A select's blank choice, when it has one (then `optional` too). */
  blank?: string;
  /** Shown only while the field at this path is on (a checkbox), set (non-blank), or equal to `equals`. */
  shownWhen?: { path: string; equals?: string | boolean };
}

/**
 * What turns TLS on: a whole `ssl` block with a mode (PostgreSQL, MySQL), a mode field (Vertica),
 * or a switch (ClickHouse's `secure`, Trino's `http_scheme`) that also moves the default port;
 * `none` for a type without TLS settings.
 */
export type TlsOption =
  | { kind: "none" }
  | { kind: "ssl-block"; modes: readonly string[] }
  | { kind: "mode"; path: string; modes: readonly string[] }
  | { kind: "switch"; path: string; on: string | boolean };

/** The port used when none is given: one number, or one without and one with the TLS switch on. */
export type DefaultPort = number | { plain: number; tls: number };

/** The default port for a config (form values or a parsed config) under a type's TLS option. */
export function defaultPortFor(port: DefaultPort, tls: TlsOption, config: Record<string, unknown>): number {
  if (typeof port === "number") return port;
  return tls.kind === "switch" && config[tls.path] === tls.on ? port.tls : port.plain;
}
