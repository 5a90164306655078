import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_CODES, isAppError, type ErrorCode } from "../src/index.ts";

describe("AppError.httpStatus", () => {
  it.each([
    ["VALIDATION_FAILED", 422],
    ["INVALID_JSON", 400],
    ["BAD_REQUEST", 400],
    ["PAYLOAD_TOO_LARGE", 413],
    ["UNSUPPORTED_MEDIA_TYPE", 415],
    ["UNAUTHENTICATED", 401],
    ["CROSS_ORIGIN_REFUSED", 403],
    ["NOT_FOUND", 404],
    ["METHOD_NOT_ALLOWED", 405],
    ["CONFLICT", 409],
    ["TOO_BUSY", 429],
    ["DATABASE_UNREACHABLE", 502],
    ["QUERY_FAILED", 422],
    ["QUERY_TIMEOUT", 504],
    ["READ_ONLY_VIOLATION", 403],
    ["SECRET_UNREADABLE", 500],
    ["INTERNAL", 500],
  ] as const)("%s → %i", (code, status) => {
    expect(new AppError(code, "x").httpStatus).toBe(status);
  });

  it("covers every error code in the table above", () => {
    expect(Object.keys(ERROR_CODES)).toHaveLength(19);
  });

  // A 403 on a resource would reveal that it exists. A cross-origin refusal is decided from the
  // request's Origin before any lookup, so it tells nothing about resources; a read-only violation
  // goes only to a caller the connection was found for, refusing the statement, not the connection.
  it("never maps to 403 except for a cross-origin refusal and a read-only violation", () => {
    const forbidden = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => new AppError(code, "x").httpStatus === 403);
    expect(forbidden).toEqual(["CROSS_ORIGIN_REFUSED", "READ_ONLY_VIOLATION"]);
  });
});

describe("AppError.toBody", () => {
  it("wraps code and message under `error`", () => {
    expect(new AppError("CONFLICT", "name is taken").toBody()).toEqual({ error: { code: "CONFLICT", message: "name is taken" } });
  });

  it("leaves details out when there are none", () => {
    expect(new AppError("NOT_FOUND", "x").toBody().error).not.toHaveProperty("details");
  });

  it("includes details when given: field errors or the failed stage", () => {
    const fields = [{ path: "config.port", message: "must be a whole number from 1 to 65535", code: "INVALID_VALUE" as const }];
    expect(new AppError("VALIDATION_FAILED", "x", fields).toBody().error.details).toEqual(fields);
    const stage = { stage: "forward", code: "TUNNEL_LOST", hint: "retry" };
    expect(new AppError("DATABASE_UNREACHABLE", "x", stage).toBody().error.details).toEqual(stage);
  });

  it("survives JSON round trips unchanged", () => {
    const body = AppError.notFound("connection").toBody();
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });
});

describe("AppError helpers", () => {
  it("notFound names the thing", () => {
    const error = AppError.notFound("connection conn_1");
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("connection conn_1 not found");
  });

  it("invalid summarises every field, calling an empty path 'body'", () => {
    const error = AppError.invalid([
      { path: "", message: "must be an object", code: "INVALID_VALUE" },
      { path: "config.port", message: "must be a whole number from 1 to 65535", code: "INVALID_VALUE" },
    ]);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.httpStatus).toBe(422);
    expect(error.message).toBe("Invalid request: body: must be an object; config.port: must be a whole number from 1 to 65535");
    expect(error.details).toHaveLength(2);
  });

  it("is an Error recognised by isAppError", () => {
    const error = new AppError("INTERNAL", "boom");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("AppError");
    expect(isAppError(error)).toBe(true);
    expect(isAppError(new Error("boom"))).toBe(false);
    expect(isAppError({ code: "INTERNAL", message: "boom" })).toBe(false);
  });
});

describe("AppError.fromZod", () => {
  const schema = z.strictObject({
    name: z.string(),
    config: z.strictObject({ port: z.number().max(10, "too big"), tags: z.array(z.string()) }),
  });

  function fromZod(input: unknown, prefix?: PropertyKey[]) {
    const result = schema.safeParse(input);
    if (result.success) throw new Error("expected failure");
    return AppError.fromZod(result.error, prefix);
  }

  it("turns each issue into a dotted path with its message", () => {
    const error = fromZod({ name: "x", config: { port: 11, tags: ["a", 2] } });
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details).toEqual([
      { path: "config.port", message: "too big", code: "INVALID_VALUE" },
      { path: "config.tags.1", message: expect.any(String), code: "INVALID_VALUE" },
    ]);
  });

  it("names each unrecognised key instead of its parent", () => {
    const error = fromZod({ name: "x", config: { port: 1, tags: [], extra: 1, more: 2 }, stray: true });
    const paths = (error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(["config.extra", "config.more", "stray"]);
    expect(error.message).toContain("config.extra: is not a known field");
  });

  it("prepends a prefix to every path", () => {
    const error = fromZod({ name: 1, config: { port: 1, tags: [] } }, ["body", "input"]);
    expect((error.details as { path: string }[]).map((d) => d.path)).toEqual(["body.input.name"]);
  });

  it("gives a root-level issue the path of the prefix (or 'body' in the summary)", () => {
    const result = z.string().safeParse(1);
    const error = AppError.fromZod(result.error!);
    expect(error.details).toEqual([{ path: "", message: expect.any(String), code: "INVALID_VALUE" }]);
    expect(error.message).toMatch(/^Invalid request: body: /);
  });
});
