import { describe, expect, it } from "vitest";
import { describeStageError, STAGE_ERROR_CODES, STAGE_ERRORS, STAGES } from "../src/index.ts";

describe("the stage error table", () => {
  it("gives every stage error code a stage and a hint", () => {
    expect(Object.keys(STAGE_ERRORS).sort()).toEqual([...STAGE_ERROR_CODES].sort());
    for (const code of STAGE_ERROR_CODES) {
      const spec = STAGE_ERRORS[code];
      if (typeof spec.stage === "string") expect(STAGES).toContain(spec.stage);
      if (typeof spec.hint === "string") expect(spec.hint.length).toBeGreaterThan(10);
    }
  });

  it("words a hint from its detail: the field, user or host to fix", () => {
    expect(describeStageError("DNS_TIMEOUT", { field: "ssh_tunnel.host" })).toEqual({
      stage: "dns",
      hint: "Check the DNS servers this service uses, or give ssh_tunnel.host as an IP address",
    });
    expect(describeStageError("TARGET_DENIED", { stage: "forward", field: "host" })).toEqual({
      stage: "forward",
      hint: "Use another host, or ask the operator of this service to allow the address in CONNECTIONS_ALLOW_TARGETS",
    });
    expect(describeStageError("DB_AUTH_FAILED", { user: "reader" }).hint).toContain("Check user (reader)");
    expect(describeStageError("DB_TLS_FAILED", { caField: "tls_ca", host: "db.example.com" })).toMatchObject({
      stage: "db_tls",
      hint: expect.stringMatching(/\(tls_ca\).*db\.example\.com$/),
    });
    expect(describeStageError("SSH_HANDSHAKE_FAILED", { stage: "host_key", closed: true })).toMatchObject({
      stage: "host_key",
      hint: expect.stringContaining("MaxStartups"),
    });
  });

  it("keeps one hint per peer for TCP failures", () => {
    expect(describeStageError("TCP_REFUSED", { peer: "bastion" }).hint).toBe(
      "Nothing listens on that port: Check ssh_tunnel.host and ssh_tunnel.port, and that the bastion allows inbound SSH from this service",
    );
    expect(describeStageError("TCP_TIMEOUT", { peer: "database" }).hint).toBe(
      "Check host and port; a database in a private network needs an ssh_tunnel; a firewall may be dropping the packets",
    );
    expect(describeStageError("TCP_UNREACHABLE", { peer: "database_driver" }).hint).toMatch(/add an ssh_tunnel$/);
  });

  it("defaults a query failure's hint to the SQL", () => {
    expect(describeStageError("QUERY_FAILED", undefined).hint).toBe("Fix the SQL; the database's message says what it rejected");
    expect(describeStageError("QUERY_FAILED", { reason: "placeholders" }).hint).toBe("Give one entry in params for each ? in the SQL");
  });
});
