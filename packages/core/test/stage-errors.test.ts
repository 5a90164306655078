import { describe, expect, it } from "vitest";
import {
  BASTION_SERVER,
  describeStageError,
  sshServersOf,
  STAGE_ERROR_CODES,
  STAGE_ERRORS,
  REVERSE_STAGES,
  STAGES,
  type SshServerRef,
} from "../src/index.ts";

describe("the stage error table", () => {
  it("gives every stage error code a stage and a hint", () => {
    expect(Object.keys(STAGE_ERRORS).sort()).toEqual([...STAGE_ERROR_CODES].sort());
    for (const code of STAGE_ERROR_CODES) {
      const spec = STAGE_ERRORS[code];
      if (typeof spec.stage === "string") expect([...STAGES, ...REVERSE_STAGES]).toContain(spec.stage);
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

describe("hints about one SSH server of a chain", () => {
  const [jump1, jump2, bastion] = sshServersOf(
    [
      { host: "jump-a.example", port: 22 },
      { host: "jump-b.example", port: 2222 },
    ],
    { host: "bastion.internal", port: 22 },
  ) as [SshServerRef, SshServerRef, SshServerRef];

  it("numbers the hops from the one this service reaches, the bastion last, each naming where it forwards", () => {
    expect(jump1).toEqual({
      hop: { index: 1, host: "jump-a.example" },
      field: "ssh_tunnel.jump_hosts.0",
      label: "jump host 1",
      reachedFrom: "this service",
      forwardsTo: "jump-b.example:2222",
    });
    expect(jump2).toMatchObject({
      hop: { index: 2 },
      field: "ssh_tunnel.jump_hosts.1",
      reachedFrom: "jump host 1",
      forwardsTo: "bastion.internal:22",
    });
    expect(bastion).toMatchObject({ hop: { index: 3 }, field: "ssh_tunnel", label: "the bastion", reachedFrom: "jump host 2" });
    expect(sshServersOf([], { host: "bastion.internal", port: 22 })).toEqual([BASTION_SERVER]);
  });

  it("names the hop's own fields and where it is reached from", () => {
    expect(describeStageError("TCP_REFUSED", { peer: "bastion" }, jump2).hint).toBe(
      "Nothing listens on that port: Check ssh_tunnel.jump_hosts.1.host and ssh_tunnel.jump_hosts.1.port, and that jump host 2 allows inbound SSH from jump host 1",
    );
    expect(describeStageError("DNS_FAILED", { field: "ssh_tunnel.host" }, bastion).hint).toBe(
      "Check the spelling of ssh_tunnel.host; it must resolve on jump host 2",
    );
    expect(describeStageError("HOST_KEY_MISMATCH", { pooled: false }, jump1).hint).toBe(
      "If jump host 1's host key was changed on purpose, set ssh_tunnel.jump_hosts.0.host_key_fingerprint to the new fingerprint (check it on jump host 1 with ssh-keygen -lf)",
    );
    expect(describeStageError("SSH_AUTH_FAILED", { user: "hop", closed: false }, jump1).hint).toContain(
      "on jump host 1, and check ssh_tunnel.jump_hosts.0.user",
    );
  });

  it("tells a jump host to allow forwarding to the next hop, and the bastion to the database", () => {
    expect(describeStageError("FORWARD_PROHIBITED", undefined, jump1).hint).toBe(
      "Allow it on jump host 1: AllowTcpForwarding yes in sshd_config, and PermitOpen or the key's permitopen= must include jump-b.example:2222",
    );
    expect(describeStageError("FORWARD_PROHIBITED", undefined, bastion).hint).toBe(
      describeStageError("FORWARD_PROHIBITED", undefined).hint,
    );
    expect(describeStageError("TUNNEL_LOST", { noticed: "connection_end" }, jump2).hint).toMatch(/^Jump host 2 restarted/);
  });
});
