import { describe, expect, it } from "vitest";
import { isAppError } from "@connections/core";
import { apiEnv, effectiveMaxBytes } from "../src/index.ts";

const ceiling = (env: Record<string, string>) => apiEnv(env).maxResultBytes;

const MIB = 1024 * 1024;

describe("the server's ceiling on max_bytes", () => {
  it("is 64 MiB unless CONNECTIONS_MAX_RESULT_BYTES lowers it, and a bad value says what to write", () => {
    expect(ceiling({})).toBe(64 * MIB);
    expect(ceiling({ CONNECTIONS_MAX_RESULT_BYTES: " 2097152 " })).toBe(2 * MIB);
    for (const bad of ["lots", "1e6", "-5", "100", String(65 * MIB)]) {
      expect(() => ceiling({ CONNECTIONS_MAX_RESULT_BYTES: bad })).toThrow(
        /CONNECTIONS_MAX_RESULT_BYTES must be a whole number of bytes from 1024 to 67108864/,
      );
    }
  });

  it("lowers the default and refuses a larger max_bytes, naming the field", () => {
    expect(effectiveMaxBytes(undefined, 64 * MIB)).toBe(10 * MIB);
    expect(effectiveMaxBytes(undefined, 2 * MIB)).toBe(2 * MIB);
    expect(effectiveMaxBytes(MIB, 2 * MIB)).toBe(MIB);
    let error: unknown;
    try {
      effectiveMaxBytes(3 * MIB, 2 * MIB);
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error) && error.code).toBe("VALIDATION_FAILED");
    expect((error as { details: unknown }).details).toEqual([
      { path: "max_bytes", message: expect.stringContaining("at most 2097152 bytes on this server"), code: "INVALID_VALUE" },
    ]);
  });
});
