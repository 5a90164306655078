import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { expect } from "vitest";
import { ERROR_CODES, FIELD_ERROR_CODES, type ErrorCode } from "@connections/core";
import type { Verdict } from "./input-verdict.ts";
import type { CatalogueEntry } from "./procedure-catalogue.ts";
import type { RawResponse } from "./raw-request.ts";

type Json = Record<string, any>;

/** A validation error names each field: a path, a message and a field code; never one the shared schema accepts. */
function expectFieldErrors(details: unknown, schemaPaths: string[] | null): void {
  expect(Array.isArray(details) && details.length > 0, "a validation error lists its fields").toBe(true);
  for (const field of details as Json[]) {
    expect(field).toEqual({
      path: expect.any(String),
      message: expect.stringMatching(/\S/),
      code: expect.toBeOneOf([...FIELD_ERROR_CODES]),
    });
    if (schemaPaths) expect(schemaPaths, `the schema refuses ${schemaPaths.join(", ")}`).toContain(field.path);
  }
}

function expectRestError(body: Json | undefined, status: number, verdict: Verdict): void {
  const error = body?.error as Json | undefined;
  expect(Object.keys(ERROR_CODES), "a REST error carries a stable code").toContain(error?.code);
  expect(ERROR_CODES[error!.code as ErrorCode].http, "the status is the code's own").toBe(status);
  expect(error!.message).toEqual(expect.stringMatching(/\S/));
  if (error!.code === "VALIDATION_FAILED") expectFieldErrors(error!.details, verdict.schemaPaths);
}

function expectTrpcError(envelope: Json | undefined, verdict: Verdict): number {
  const error = envelope?.error as Json | undefined;
  const data = error?.data as Json | undefined;
  expect(Object.keys(TRPC_ERROR_CODES_BY_KEY), "a tRPC error carries a stable code").toContain(data?.code);
  expect(data!.httpStatus).toBeLessThan(500);
  expect(data, "no stack trace reaches a client").not.toHaveProperty("stack");
  expect(error!.message).toEqual(expect.any(String));
  if (data!.appCode !== null) expect(ERROR_CODES[data!.appCode as ErrorCode]?.trpc, "our code maps to its tRPC code").toBe(data!.code);
  if (data!.appCode === "VALIDATION_FAILED") expectFieldErrors(data!.details, verdict.schemaPaths);
  return data!.httpStatus as number;
}

/**
 * What every answer to a generated request must be: never a 5xx; a request the server must refuse
 * gets an error in its API's format with a stable code (and the fields, for a validation error);
 * one a read-only entry may serve is served.
 */
export function expectAnswer(entry: CatalogueEntry, verdict: Verdict, response: RawResponse): void {
  expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
  const answers = entry.api === "trpc" ? "trpc" : entry.answers;
  if (answers === "redirect") {
    expect(response.status).toBe(303);
    expect(new URL(response.location ?? "", "http://x").pathname).toBe("/sign-in");
    return;
  }
  expect(response.json, `the body is JSON: ${response.text.slice(0, 200)}`).toBeDefined();
  const envelopes = Array.isArray(response.json) ? (response.json as Json[]) : [response.json as Json];
  if (verdict.accept) {
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    if (answers === "trpc") for (const envelope of envelopes) expect(envelope).toHaveProperty("result.data");
    else
      expect(Object.keys(response.json as Json)).toEqual(
        expect.arrayContaining([entry.api === "rest" && entry.path.endsWith("openapi.json") ? "openapi" : "data"]),
      );
    return;
  }
  expect(response.status, response.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  if (answers === "rest") return expectRestError(response.json as Json, response.status, verdict);
  const statuses = envelopes.map((envelope) => expectTrpcError(envelope, verdict));
  if (!Array.isArray(response.json)) expect(statuses[0]).toBe(response.status);
}
