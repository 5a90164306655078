import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tunnel } from "@connections/core";
import { DEFAULT_KEEPALIVE, keepaliveBudgetMs } from "@connections/tunnel";
import { delay, recordFigure } from "@connections/testkit";
import { tunnelConfig } from "../support/bastion-lab.ts";
import { query } from "../support/connections.ts";
import { db, newTenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { startPostgresBehindBastion, type PostgresBehindBastion } from "../support/postgres-behind-bastion.ts";
import { signedInUser, type SignedInUser } from "../support/signed-in-user.ts";
import { trpcClient } from "../support/trpc-client.ts";

// SPEC §12 tunnel health, through a real OpenSSH bastion: GET /v1/tunnels follows the pooled SSH
// connection from connected to lost when sshd is killed, to failed with both fingerprints when it
// comes back with another host key, and "Accept new host key" re-pins the connection.

/** How long a dead bastion may take to show: the keepalive's whole budget. */
const KEEPALIVE_BUDGET_MS = keepaliveBudgetMs(DEFAULT_KEEPALIVE);

let setup: PostgresBehindBastion;
let member: SignedInUser;
let chatId: string;

beforeAll(async () => {
  setup = await startPostgresBehindBastion("tunnel-health");
  member = await signedInUser(setup.tenant);
  const { lab, pg } = setup;
  const { database, user, password } = pg.app!;
  const config = { host: lab.dbHost, port: pg.port, database, user, password, ssh_tunnel: tunnelConfig(lab) };
  chatId = (
    await trpcClient({ cookie: member.cookie }).chatConnector.create.mutate({
      name: "health-chat",
      type: "dynamiq.connections.PostgreSQL",
      config,
    })
  ).id;
});

afterAll(async () => {
  await setup?.stop();
});

async function tunnels(): Promise<Tunnel[]> {
  const answer = await api("GET", `/v1/tunnels?project_id=${setup.tenant.projectId}`, { key: setup.tenant.key });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.data;
}

/** Polls the listing until `check` holds for the project's one tunnel; how long that took. */
async function until(check: (tunnel: Tunnel) => boolean, withinMs: number): Promise<{ tunnel: Tunnel; afterMs: number }> {
  const started = performance.now();
  let last: Tunnel[] = [];
  while (performance.now() - started < withinMs) {
    last = await tunnels();
    if (last.length === 1 && check(last[0]!)) return { tunnel: last[0]!, afterMs: performance.now() - started };
    await delay(50);
  }
  throw new Error(`the tunnel never reached the expected state: ${JSON.stringify(last)}`);
}

const storedConfig = async () => (await db().connection.findUniqueOrThrow({ where: { id: setup.id } })).config;

describe("tunnel health (SPEC §12)", () => {
  it("lists nothing before a query, then the bastion's connection with its numbers and the connection using it", async () => {
    expect(await tunnels()).toEqual([]);
    const first = await query(setup.tenant, setup.id, "select 1");
    expect(first.status, first.text).toBe(200);
    // The first keepalive goes out as the connection is made; its answer brings the round trip.
    const { tunnel } = await until((t) => t.keepalive_rtt_ms !== null, 5_000);
    const { lab } = setup;
    expect(tunnel).toMatchObject({
      kind: "ssh",
      bastion: { host: lab.sshd.host, port: lab.sshd.port, user: lab.sshd.user },
      hops: [],
      agent: null,
      state: "connected",
      channel_limit: 64,
      reconnects: 0,
      last_error: null,
      host_key_mismatch: null,
      connection_ids: [setup.id],
      // An access key has no chat connectors of its own.
      chat_connector_ids: [],
    });
    expect(tunnel.keepalive_rtt_ms).toBeGreaterThanOrEqual(0);
    expect(tunnel.keepalive_rtt_ms).toBeLessThan(1_000);
    // The pooled database session holds its channel open between queries.
    expect(tunnel.channels_in_use).toBe(1);

    // The member's chat connector goes through the same bastion with the same key: the same SSH
    // connection, listed for the member with both, and for nobody else with the chat connector.
    const client = trpcClient({ cookie: member.cookie });
    expect(await client.chatConnector.run.mutate({ id: chatId, text: "select 1" })).toMatchObject({ rows: [[1]] });
    expect((await client.tunnel.list.query({ project_id: setup.tenant.projectId })).data).toMatchObject([
      { id: tunnel.id, connection_ids: [setup.id], chat_connector_ids: [chatId] },
    ]);
    const colleague = trpcClient({ cookie: (await signedInUser(setup.tenant)).cookie });
    expect((await colleague.tunnel.list.query({ project_id: setup.tenant.projectId })).data).toMatchObject([
      { id: tunnel.id, connection_ids: [setup.id], chat_connector_ids: [] },
    ]);

    // Another project sees none of it, and a project that is not the caller's is not found.
    const other = await newTenant("tunnel-health-other");
    const theirs = await api("GET", `/v1/tunnels?project_id=${other.projectId}`, { key: other.key });
    expect(theirs.body).toEqual({ data: [] });
    const foreign = await api("GET", `/v1/tunnels?project_id=${setup.tenant.projectId}`, { key: other.key });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("shows the tunnel lost, with TUNNEL_LOST, within the keepalive budget of the bastion being killed", async () => {
    const before = (await tunnels())[0]!;
    const killedAt = new Date();
    await setup.lab.sshd.kill("SIGKILL");
    const { tunnel, afterMs } = await until((t) => t.state === "lost", KEEPALIVE_BUDGET_MS);
    expect(tunnel.id).toBe(before.id);
    expect(tunnel.last_error?.code).toBe("TUNNEL_LOST");
    expect(new Date(tunnel.since).getTime()).toBeGreaterThanOrEqual(killedAt.getTime() - 5);
    expect([tunnel.channels_in_use, tunnel.keepalive_rtt_ms]).toEqual([0, null]);
    recordFigure({
      id: "tunnel-lost-shown",
      measure: "bastion sshd SIGKILLed: GET /v1/tunnels shows the tunnel lost",
      value: `${afterMs.toFixed(0)} ms`,
      target: `within the keepalive budget (${KEEPALIVE_BUDGET_MS / 1000} s)`,
    });
  });

  it("shows a changed host key with both fingerprints; Accept refuses another key, then re-pins and the next query passes", async () => {
    const { lab, tenant, id } = setup;
    const pinned = lab.sshd.hostKeyFingerprint;
    expect(JSON.parse(await storedConfig()).config.ssh_tunnel.host_key_fingerprint).toBe(pinned);
    await lab.sshd.restart({ newHostKey: true });
    const presented = lab.sshd.hostKeyFingerprint;
    expect(presented).not.toBe(pinned);

    const refused = await query(tenant, id, "select 1");
    expect(refused.body.error.details).toMatchObject({ code: "HOST_KEY_MISMATCH" });
    const { tunnel } = await until((t) => t.state === "failed", 5_000);
    expect(tunnel).toMatchObject({
      last_error: { code: "HOST_KEY_MISMATCH" },
      host_key_mismatch: { pinned_fingerprint: pinned, presented_fingerprint: presented },
    });

    const client = trpcClient({ cookie: member.cookie });
    const configBefore = await storedConfig();
    // Only the key the member was shown is accepted; another one changes nothing.
    await expect(
      client.tunnel.acceptHostKey.mutate({ project_id: tenant.projectId, tunnel_id: tunnel.id, fingerprint: pinned }),
    ).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    expect(await storedConfig()).toBe(configBefore);

    const accepted = await client.tunnel.acceptHostKey.mutate({
      project_id: tenant.projectId,
      tunnel_id: tunnel.id,
      fingerprint: presented,
    });
    expect(accepted).toEqual({ repinned_connection_ids: [id], repinned_chat_connector_ids: [chatId] });
    expect(JSON.parse(await storedConfig()).config.ssh_tunnel.host_key_fingerprint).toBe(presented);
    const chatConfig = (await db().chatConnector.findUniqueOrThrow({ where: { id: chatId } })).config;
    expect(JSON.parse(chatConfig).config.ssh_tunnel.host_key_fingerprint).toBe(presented);
    // Accepting connects the tunnel again with the new key, without waiting for a query.
    const { tunnel: back } = await until((t) => t.state === "connected", 10_000);
    expect(back).toMatchObject({ id: tunnel.id, reconnects: 1, host_key_mismatch: null, last_error: { code: "HOST_KEY_MISMATCH" } });
    const next = await query(tenant, id, "select 2 as n");
    expect(next.status, next.text).toBe(200);
    expect(next.body.data.rows).toEqual([[2]]);
    expect((await tunnels())[0]).toMatchObject({ state: "connected", reconnects: 1 });

    // The server writes audit rows a moment after the call; its listing waits for them.
    expect((await api("GET", `/v1/audit?project_id=${tenant.projectId}&limit=1`, { key: tenant.key })).status).toBe(200);
    const rows = await db().auditEvent.findMany({
      where: { action: "tunnel.accept_host_key", projectId: tenant.projectId },
      orderBy: { at: "asc" },
    });
    expect(rows.map((row) => [row.actorType, row.actorId, row.targetId, row.outcome, row.code])).toEqual([
      ["user", member.id, tunnel.id, "error", "CONFLICT"],
      ["user", member.id, tunnel.id, "ok", null],
    ]);
  });
});
