import type { Keyring } from "@connections/db";
import { rotateAgentHostKey } from "../agents/agent-host-key.ts";
import { forgetConnection } from "../connections/cached-connection.ts";
import { openSecrets, sealSecrets, type SecretOwner } from "../connections/connection-secrets.ts";
import type { ServiceContext } from "../context.ts";

export interface RotationReport {
  /** The master key every secret is now encrypted with. */
  key_id: string;
  connections_rewritten: number;
  chat_connectors_rewritten: number;
  secrets_rewritten: number;
  /** Rows whose secrets were all under the current key already. */
  rows_already_current: number;
  /** The agent endpoint's host key was under an older key and now is not. */
  agent_host_key_rewritten: boolean;
}

interface SealedRow {
  id: string;
  secrets: string;
  updatedAt: Date;
}

const BATCH = 100;
const SEALED = { id: true, secrets: true, updatedAt: true } as const;
const page = (after: string | undefined) => ({
  where: after ? { id: { gt: after } } : {},
  orderBy: { id: "asc" as const },
  take: BATCH,
  select: SEALED,
});

/**
 * `encryption rotate`: re-encrypts every secret that is under an older master key (one of
 * CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS) with CONNECTIONS_ENCRYPTION_KEY. A row is rewritten only
 * if nobody changed it meanwhile, else it is read again; `updatedAt` is kept, as no user edited it.
 * Safe to run again: rows already under the current key are left alone.
 */
export async function rotateSecrets(ctx: ServiceContext): Promise<RotationReport> {
  const connections = await rotateTable(
    ctx.keyring,
    "connection",
    (after) => ctx.db.connection.findMany(page(after)),
    (id) => ctx.db.connection.findUnique({ where: { id }, select: SEALED }),
    async (row, secrets) => {
      const { count } = await ctx.db.connection.updateMany({
        where: { id: row.id, secrets: row.secrets },
        data: { secrets, updatedAt: row.updatedAt },
      });
      forgetConnection(ctx, row.id);
      return count === 1;
    },
  );
  const chat = await rotateTable(
    ctx.keyring,
    "chat-connector",
    (after) => ctx.db.chatConnector.findMany(page(after)),
    (id) => ctx.db.chatConnector.findUnique({ where: { id }, select: SEALED }),
    async (row, secrets) =>
      (await ctx.db.chatConnector.updateMany({ where: { id: row.id, secrets: row.secrets }, data: { secrets, updatedAt: row.updatedAt } }))
        .count === 1,
  );
  return {
    key_id: ctx.keyring.current.id,
    connections_rewritten: connections.rows,
    chat_connectors_rewritten: chat.rows,
    secrets_rewritten: connections.secrets + chat.secrets,
    rows_already_current: connections.current + chat.current,
    agent_host_key_rewritten: await rotateAgentHostKey(ctx.db, ctx.keyring),
  };
}

async function rotateTable(
  keyring: Keyring,
  kind: SecretOwner["kind"],
  readPage: (after: string | undefined) => Promise<SealedRow[]>,
  reread: (id: string) => Promise<SealedRow | null>,
  write: (row: SealedRow, secrets: string) => Promise<boolean>,
): Promise<{ rows: number; secrets: number; current: number }> {
  const totals = { rows: 0, secrets: 0, current: 0 };
  let after: string | undefined;
  for (let rows = await readPage(after); rows.length > 0; rows = await readPage(after)) {
    for (let row of rows) {
      for (;;) {
        const stale = Object.values(JSON.parse(row.secrets) as Record<string, string>).filter((c) => keyring.isStale(c)).length;
        if (stale === 0) {
          totals.current++;
          break;
        }
        const owner = { kind, id: row.id };
        if (await write(row, sealSecrets(keyring, owner, openSecrets(keyring, owner, row.secrets)))) {
          totals.rows++;
          totals.secrets += stale;
          break;
        }
        // Changed since it was read (an edit saves under the current key): look again.
        const fresh = await reread(row.id);
        if (!fresh) break;
        row = fresh;
      }
    }
    after = rows.at(-1)!.id;
  }
  return totals;
}
