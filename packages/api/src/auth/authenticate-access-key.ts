import { AppError } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { secretMatches, splitAccessKey } from "./access-key-format.ts";

const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves an `Authorization` header value to the key's principal, or throws UNAUTHENTICATED. */
export async function authenticateAccessKey(ctx: ServiceContext, authorization: string | null | undefined): Promise<Principal> {
  if (!authorization) {
    throw new AppError("UNAUTHENTICATED", "Missing access key: send the header `Authorization: Bearer <access key>`");
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const parts = bearer ? splitAccessKey(bearer) : undefined;
  const row = parts ? await ctx.db.accessKey.findUnique({ where: { id: parts.id } }) : null;
  if (!parts || !row || row.revokedAt || !secretMatches(parts.secret, row.secretHash)) {
    throw new AppError(
      "UNAUTHENTICATED",
      "Invalid access key: check the Bearer token, or create a new key with `npm run cli -- access-keys create`",
    );
  }
  // Recording every use would turn each read into a write; minute resolution is enough.
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await ctx.db.accessKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { kind: "access_key", id: row.id, projectIds: [row.projectId] };
}
