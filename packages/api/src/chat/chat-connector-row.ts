import type { SecretOwner } from "../connections/connection-secrets.ts";
import type { StoredRow } from "../connections/stored-connection.ts";

export interface ChatConnectorRow extends StoredRow {
  userId: string;
}

export function chatSecretOwner(id: string): SecretOwner {
  return { kind: "chat-connector", id };
}
