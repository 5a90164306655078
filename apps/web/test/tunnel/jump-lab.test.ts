import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driverFor } from "@connections/drivers";
import { startPostgres, type GeneratedKey, type PostgresServer } from "@connections/testkit";
import { directTransport, TargetPolicy } from "@connections/tunnel";
import { reachable } from "../support/bastion-lab.ts";
import { jumpTunnelConfig, startJumpLab, startSshJumpForward, type JumpLab } from "../support/jump-lab.ts";

let lab: JumpLab;
let server: PostgresServer;

beforeAll(async () => {
  lab = await startJumpLab();
  server = await startPostgres({ ...lab.db, password: true });
});

afterAll(async () => {
  await server?.stop();
  await lab?.stop();
});

/**
 * Runs a query with the product's PostgreSQL driver through OpenSSH's own `ssh -J` chain (the
 * forward's loopback port, which the default policy allows); answers the echoed text and the
 * address the server saw the query arrive on.
 */
async function queryThroughSshJ(keys: { jumpKey?: GeneratedKey; bastionKey?: GeneratedKey } = {}) {
  const forward = await startSshJumpForward(lab, server.port, keys);
  try {
    const session = await driverFor("dynamiq.connections.PostgreSQL").connect(
      { host: "127.0.0.1", port: forward.port, ...server.app! },
      { transport: directTransport(new TargetPolicy()), connectTimeoutMs: 10_000 },
    );
    try {
      const token = `through-the-chain-${process.pid}`;
      const { rows } = await session.query("select $1::text, host(inet_server_addr())", [token], { maxRows: 1, timeoutMs: 10_000 });
      return { token, echo: rows[0]![0], at: rows[0]![1] };
    } finally {
      await session.close();
    }
  } finally {
    await forward.stop();
  }
}

describe("the jump-host lab: service → jump → bastion → database", () => {
  it("lets this process reach the jump host only, so a chain is really needed", async () => {
    expect(await reachable(lab.jump.sshd.host, lab.jump.sshd.port)).toBe(true);
    if (!lab.isolated) return expect(lab.isolated).toBe(false);
    expect(await reachable(lab.bastion.sshd.host, lab.bastion.sshd.port)).toBe(false);
    expect(await reachable(lab.dbHost, server.port)).toBe(false);
  });

  it("carries a query through OpenSSH's ssh -J, the jump host on its own key", async () => {
    const answer = await queryThroughSshJ();
    expect(answer.echo).toBe(answer.token);
    expect(answer.at).toBe(lab.dbHost);
  });

  it("accepts the tunnel's key on the jump host, which is what a hop without its own key is offered", async () => {
    const answer = await queryThroughSshJ({ jumpKey: lab.bastion.key });
    expect(answer.echo).toBe(answer.token);
  });

  it("has the bastion check its own key: the jump host's key is refused there", async () => {
    await expect(startSshJumpForward(lab, server.port, { bastionKey: lab.jump.key })).rejects.toThrow(
      /exited before it listened[\s\S]*Permission denied/,
    );
  });

  it("describes the chain as SPEC §10's ssh_tunnel block", () => {
    expect(jumpTunnelConfig(lab)).toEqual({
      host: lab.bastion.sshd.host,
      port: lab.bastion.sshd.port,
      user: lab.bastion.sshd.user,
      private_key: lab.bastion.key.privateKey,
      jump_hosts: [{ host: lab.jump.sshd.host, port: lab.jump.sshd.port, user: lab.jump.sshd.user }],
    });
    if (lab.isolated) expect(lab.bastion.sshd.host).toBe(lab.network!.bastionAddress);
  });
});
