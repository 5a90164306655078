import type { ConnectionType, KeyWarning } from "@connections/core";

/** The public half of the tunnel key in use, kept beside the config (never the private key). */
export interface TunnelKeyInfo {
  public_key: string;
  public_key_fingerprint: string;
  key_source: "provided" | "generated";
  /** Absent on rows saved before key warnings existed. */
  key_warnings?: KeyWarning[];
}

/** The public half of a jump host's own key, kept beside the config like the tunnel's. */
export interface JumpKeyInfo {
  public_key: string;
  public_key_fingerprint: string;
  key_warnings: KeyWarning[];
}

/** What the `config` column holds: the config with every secret field removed. */
export interface StoredConfig {
  config: Record<string, unknown>;
  tunnel_key?: TunnelKeyInfo;
  /** One per jump host, in order: its own key, or null when it logs in with the tunnel's. Absent without jump hosts. */
  jump_keys?: Array<JumpKeyInfo | null>;
}

/** The columns a connection shares with a chat connector: a typed config, its sealed secrets and the read-only switch. */
export interface StoredRow {
  id: string;
  name: string;
  type: string;
  config: string;
  secrets: string;
  createdAt: Date;
  updatedAt: Date;
  /** Its sessions refuse every change (SPEC §12). */
  readOnly: boolean;
}

export interface ConnectionRow extends StoredRow {
  projectId: string;
  lastTestAt: Date | null;
  lastTestOk: boolean | null;
  lastTestStage: string | null;
  lastTestCode: string | null;
}

export function readStoredConfig(row: Pick<StoredRow, "config">): StoredConfig {
  return JSON.parse(row.config) as StoredConfig;
}

export function rowType(row: StoredRow): ConnectionType {
  return row.type as ConnectionType;
}
