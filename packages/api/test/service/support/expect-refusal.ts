import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { isAppError, type AppError, type ErrorCode } from "@connections/core";
import type { Database } from "@connections/db";
import { databaseSnapshot } from "./db-snapshot.ts";

/** The AppError behind a rejected call: thrown by a service, or carried by the router's TRPCError. */
export async function refusal(call: Promise<unknown>): Promise<{ app: AppError; trpcCode: string | null }> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  const cause = error instanceof TRPCError ? error.cause : error;
  if (!isAppError(cause)) throw error;
  return { app: cause, trpcCode: error instanceof TRPCError ? error.code : null };
}

/** The field paths named by a VALIDATION_FAILED (or SECRETS_REQUIRED) refusal. */
export function fieldPaths(app: AppError): string[] {
  return Array.isArray(app.details) ? app.details.map((d) => d.path) : [];
}

/**
 * The call is refused with `code` naming exactly `paths`, and the database is unchanged, row
 * for row. Returns the error for further checks.
 */
export async function expectRefusedUnchanged(
  db: Database,
  call: () => Promise<unknown>,
  code: ErrorCode,
  paths: string[] = [],
): Promise<AppError> {
  const before = await databaseSnapshot(db);
  const { app } = await refusal(call());
  expect({ code: app.code, paths: fieldPaths(app) }, app.message).toEqual({ code, paths });
  expect(await databaseSnapshot(db)).toEqual(before);
  return app;
}
