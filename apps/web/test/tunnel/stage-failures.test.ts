import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  inNetns,
  scratchDir,
  sshKeygen,
  startPostgres,
  startProcess,
  startSshd,
  waitFor,
  type PostgresServer,
  type RunningProcess,
  type SshdServer,
} from "@connections/testkit";
import { reachable, startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { createConnection, failedStage, query, testConnection } from "../support/connections.ts";
import { newTenant, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";

let lab: BastionLab;
let pg: PostgresServer;
let tenant: Tenant;
let noForwarding: SshdServer;
let silent: RunningProcess;
let silentPort: number;

// A bastion namespace (or loopback) TCP port that accepts connections and never says anything.
const SILENT_SERVER = `require("node:net").createServer(() => {}).listen(Number(process.argv[1]), process.argv[2]);`;

beforeAll(async () => {
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db, password: true });
  tenant = await newTenant("stage-failures");
  const bastion = lab.bastion;
  noForwarding = await startSshd({ authorizedKeys: [lab.key.publicKey], allowTcpForwarding: false, ...bastion });
  silentPort = lab.isolated ? 2200 : await freePort();
  const [command, args] = inNetns(bastion.netns, process.execPath, ["-e", SILENT_SERVER, String(silentPort), bastion.bindAddress]);
  silent = startProcess(command, args, `${scratchDir("silent")}/log`);
  await waitFor("silent server", () => reachable(bastion.bindAddress, silentPort), 10_000, silent);
});

afterAll(async () => {
  await silent?.stop();
  await noForwarding?.stop();
  await pg?.stop();
  await lab?.stop();
});

const dbConfig = () => ({ host: lab.dbHost, port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password });

async function diagnoseWith(tunnel: Record<string, unknown>, db: Record<string, unknown> = {}) {
  const id = await createConnection(tenant, "PostgreSQL", { ...dbConfig(), ...db, ssh_tunnel: tunnelConfig(lab, tunnel) });
  return failedStage(await testConnection(tenant, id));
}

describe("each stage failure is produced for real and named with its code and hint", () => {
  it("an unknown bastion name fails at dns", async () => {
    // A label over 63 characters fails in the resolver itself, so no DNS query leaves the machine.
    const failed = await diagnoseWith({ host: `${"b".repeat(64)}.example` });
    expect(failed).toMatchObject({ name: "dns", code: "DNS_FAILED", hint: expect.stringContaining("ssh_tunnel.host") });
  });

  it("a closed bastion port fails at tcp", async () => {
    const failed = await diagnoseWith({ port: lab.isolated ? 2 : await freePort() });
    expect(failed).toMatchObject({ name: "tcp", code: "TCP_REFUSED", hint: expect.stringContaining("ssh_tunnel.port") });
  });

  it("a port that never sends an SSH banner fails at ssh_handshake after its timeout", async () => {
    const started = Date.now();
    const failed = await diagnoseWith({ port: silentPort });
    expect(failed).toMatchObject({
      name: "ssh_handshake",
      code: "SSH_HANDSHAKE_TIMEOUT",
      hint: expect.stringContaining("does not speak SSH"),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("a key the bastion does not know fails at ssh_auth", async () => {
    const stranger = sshKeygen(scratchDir("stranger"), "stranger");
    const failed = await diagnoseWith({ private_key: stranger.privateKey });
    expect(failed).toMatchObject({ name: "ssh_auth", code: "SSH_AUTH_FAILED", hint: expect.stringContaining("authorized_keys") });
  });

  it("a missing or wrong passphrase is refused before any connection, on the passphrase field", async () => {
    const locked = sshKeygen(scratchDir("locked"), "locked", { passphrase: "right passphrase" });
    const body = (passphrase?: string) => ({
      type: "dynamiq.connections.PostgreSQL",
      config: {
        ...dbConfig(),
        ssh_tunnel: tunnelConfig(lab, { private_key: locked.privateKey, ...(passphrase ? { private_key_passphrase: passphrase } : {}) }),
      },
    });
    const missing = await api("POST", "/v1/connections/test", { key: tenant.key, body: body() });
    expect(missing.body.error.details).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.private_key_passphrase", code: "PASSPHRASE_REQUIRED" }),
    ]);
    const wrong = await api("POST", "/v1/connections/test", { key: tenant.key, body: body("wrong passphrase") });
    expect(wrong.body.error.details).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.private_key_passphrase", code: "PASSPHRASE_WRONG" }),
    ]);
    const right = await api("POST", "/v1/connections/test", { key: tenant.key, body: body("right passphrase") });
    expect(right.status).toBe(200);
    expect(right.body.data.stages.find((s: { name: string }) => s.name === "ssh_auth")).toMatchObject({
      status: "failed",
      code: "SSH_AUTH_FAILED",
    });
  });

  it("a bastion with forwarding disabled fails at forward as prohibited", async () => {
    const failed = await diagnoseWith({ host: noForwarding.host, port: noForwarding.port });
    expect(failed).toMatchObject({ name: "forward", code: "FORWARD_PROHIBITED", hint: expect.stringContaining("AllowTcpForwarding") });
  });

  it("a closed database port behind the bastion fails at forward as connect failed", async () => {
    const failed = await diagnoseWith({}, { port: 1 });
    expect(failed).toMatchObject({
      name: "forward",
      code: "FORWARD_CONNECT_FAILED",
      hint: expect.stringContaining("reachable from the bastion"),
    });
  });

  it("a changed host key is refused at host_key, for tests and for queries", async () => {
    const id = await createConnection(tenant, "PostgreSQL", { ...dbConfig(), ssh_tunnel: tunnelConfig(lab) });
    expect((await testConnection(tenant, id)).ok).toBe(true);
    await lab.sshd.restart({ newHostKey: true });
    const failed = failedStage(await testConnection(tenant, id));
    expect(failed).toMatchObject({ name: "host_key", code: "HOST_KEY_MISMATCH", hint: expect.stringContaining("host_key_fingerprint") });
    expect(failed.message).toContain(lab.sshd.hostKeyFingerprint);
    const refused = await query(tenant, id, "select 1");
    expect(refused.status).toBe(502);
    expect(refused.body.error.details).toMatchObject({ stage: "host_key", code: "HOST_KEY_MISMATCH" });
  });
});
