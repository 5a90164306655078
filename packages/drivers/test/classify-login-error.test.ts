import { describe, expect, it } from "vitest";
import { TunnelError } from "@connections/tunnel";
import { classifyLoginError, type LoginErrorTable } from "../src/classify-login-error.ts";

const TABLE: LoginErrorTable = {
  database: "postgresql",
  codesOf: (error) => [error.errno, error.code],
  codes: { "28P01": "DB_AUTH_FAILED", 1045: "DB_AUTH_FAILED", HANDSHAKE_NO_SSL_SUPPORT: "DB_TLS_FAILED", 159: "DB_TIMEOUT" },
  timeoutText: /timeout/i,
  connectFailed: "Connecting to the database failed",
};
const TARGET = { host: "db.example.com", port: 5432, user: "reader", timeoutMs: 1500 };

function failure(message: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), fields);
}

describe("classifyLoginError", () => {
  it("types socket and DNS failures by their Node error code, keeping the cause", () => {
    const refused = failure("connect ECONNREFUSED", { code: "ECONNREFUSED" });
    expect(classifyLoginError(refused, TABLE, TARGET)).toMatchObject({
      code: "TCP_REFUSED",
      stage: "tcp",
      message: "db.example.com:5432 refused the connection",
      hint: "Check the database host and port, and that the database is running",
      cause: refused,
    });
    expect(classifyLoginError(failure("getaddrinfo", { code: "EAI_AGAIN" }), TABLE, TARGET)).toMatchObject({
      code: "DNS_FAILED",
      stage: "dns",
      hint: "Check the database host name",
    });
    expect(classifyLoginError(failure("x", { code: "ENETUNREACH" }), TABLE, TARGET)).toMatchObject({
      code: "TCP_UNREACHABLE",
      message: "db.example.com:5432 is unreachable (ENETUNREACH)",
    });
  });

  it("passes a failure the tunnel already typed through unchanged", () => {
    const lost = new TunnelError("TUNNEL_LOST", "The SSH connection to the bastion was lost", { detail: { noticed: "connection_end" } });
    expect(classifyLoginError(lost, TABLE, TARGET)).toBe(lost);
  });

  it("looks the database's own codes up in its table, in the order the driver gives them", () => {
    expect(classifyLoginError(failure("password authentication failed", { code: "28P01" }), TABLE, TARGET)).toMatchObject({
      code: "DB_AUTH_FAILED",
      stage: "db_auth",
      hint: expect.stringContaining("Check user (reader)"),
    });
    expect(classifyLoginError(failure("Access denied", { errno: 1045, code: "ER_ACCESS_DENIED_ERROR" }), TABLE, TARGET)).toMatchObject({
      code: "DB_AUTH_FAILED",
    });
    expect(
      classifyLoginError(failure("Server does not support secure connection", { code: "HANDSHAKE_NO_SSL_SUPPORT" }), TABLE, TARGET),
    ).toMatchObject({ code: "DB_TLS_FAILED", stage: "db_tls", hint: expect.stringContaining("(ssl.ca)") });
    expect(classifyLoginError(failure("Timeout exceeded", { code: 159 }), TABLE, TARGET)).toMatchObject({
      code: "DB_TIMEOUT",
      message: "The database did not complete the login within 1500 ms",
    });
    // Inherited names are not codes.
    expect(classifyLoginError(failure("odd", { code: "constructor" }), TABLE, TARGET)).toMatchObject({ code: "DB_CONNECT_FAILED" });
  });

  it("types Node's TLS refusals whatever the driver", () => {
    expect(classifyLoginError(failure("self-signed certificate", { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }), TABLE, TARGET)).toMatchObject({
      code: "DB_TLS_FAILED",
    });
  });

  it("falls back to DB_CONNECT_FAILED with the driver's own hint", () => {
    expect(
      classifyLoginError(
        failure("something else"),
        { ...TABLE, database: "vertica", connectFailed: "Connecting to Vertica failed" },
        TARGET,
      ),
    ).toMatchObject({
      code: "DB_CONNECT_FAILED",
      stage: "db_auth",
      message: "Connecting to Vertica failed: something else",
      hint: "Check host, port (5433) and tls_mode",
    });
  });
});

describe("a socket error code that is also an Object property name", () => {
  it("is not taken for a socket failure", () => {
    expect(classifyLoginError(failure("odd", { code: "toString" }), TABLE, TARGET)).toMatchObject({ code: "DB_CONNECT_FAILED" });
  });
});
