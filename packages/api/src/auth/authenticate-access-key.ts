import { AppError } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { secretMatches, splitAccessKey } from "./access-key-format.ts";
import { knownAccessKey } from "./known-access-key.ts";

const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves an `Authorization` header value to the key's principal, or throws UNAUTHENTICATED. */
export async function authenticateAccessKey(ctx: ServiceContext, authorization: string | null | undefined): Promise<Principal> {
  if (!authorization) {
    throw new AppError("UNAUTHENTICATED", "Missing access key: send the header `Authorization: Bearer <access key>`");
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const parts = bearer ? splitAccessKey(bearer) : undefined;
  const key = parts ? await knownAccessKey(ctx, parts.id) : undefined;
  if (!parts || !key || !secretMatches(parts.secret, key.secretHash)) {
    throw new AppError(
      "UNAUTHENTICATED",
      "Invalid access key: check the Bearer token, or create a new key with `npm run cli -- access-keys create`",
    );
  }
  // Recording every use would turn each read into a write; minute resolution is enough.
  const now = Date.now();
  if (key.lastUsedAt === null || now - key.lastUsedAt > LAST_USED_RESOLUTION_MS) {
    key.lastUsedAt = now;
    await ctx.db.accessKey.update({ where: { id: parts.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { kind: "access_key", id: parts.id, projectIds: [key.projectId] };
}
