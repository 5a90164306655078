import { createServer, type Server, type Socket } from "node:net";
import { createTRPCClient, httpBatchStreamLink, TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "@connections/api";
import type { LiveTestEvent } from "@connections/core";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { newTenant, target, type Tenant } from "../support/fixtures.ts";

// A "bastion" that accepts TCP and then says nothing, so the test can look at the stream while
// the SSH handshake is still waiting, and end it by hanging up.
let silent: Server;
let silentPort = 0;
const open = new Set<Socket>();
let tenant: Tenant;
let privateKey: string;

beforeAll(async () => {
  tenant = await newTenant("live-test");
  ({ privateKey } = sshKeygen(scratchDir("live-keys"), "bastion"));
  silent = createServer((socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of open) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

function client() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchStreamLink({ url: `${target().baseUrl}/api/trpc`, headers: { authorization: `Bearer ${tenant.key}` } })],
  });
}

const config = () => ({
  host: "10.0.12.34",
  port: 5432,
  database: "analytics",
  user: "reader",
  password: "pw",
  ssh_tunnel: { host: "127.0.0.1", port: silentPort, user: "dynamiq", private_key: privateKey },
});

describe("a live test over tRPC", () => {
  it("delivers each stage while the next one is still running, then the diagnosis", async () => {
    const events: LiveTestEvent[] = [];
    const stream = await client().connection.testUnsavedLive.mutate({
      type: "dynamiq.connections.PostgreSQL",
      config: config(),
      project_id: tenant.projectId,
    });
    let bastionWaitingWhenTcpArrived = false;
    for await (const event of stream) {
      events.push(event);
      if (event.type === "stage" && event.stage.name === "tcp") {
        // The handshake has not timed out: the service is still connected to the silent bastion.
        bastionWaitingWhenTcpArrived = open.size === 1;
        for (const socket of open) socket.destroy();
      }
    }
    expect(bastionWaitingWhenTcpArrived).toBe(true);
    expect(events.map((e) => (e.type === "stage" ? `${e.stage.name}:${e.stage.status}` : e.type))).toEqual([
      "dns:ok",
      "tcp:ok",
      "ssh_handshake:failed",
      "done",
    ]);
    const done = events.at(-1) as Extract<LiveTestEvent, { type: "done" }>;
    expect(done.diagnosis.ok).toBe(false);
    expect(done.diagnosis.stages).toHaveLength(9);
  });

  it("a refused key fails the stream with the same field error as the plain call", async () => {
    const stream = await client().connection.testUnsavedLive.mutate({
      type: "dynamiq.connections.PostgreSQL",
      config: { ...config(), ssh_tunnel: { ...config().ssh_tunnel, private_key: "not a key at all" } },
      project_id: tenant.projectId,
    });
    const error = await (async () => {
      try {
        for await (const event of stream) throw new Error(`unexpected ${event.type}`);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      appCode: "VALIDATION_FAILED",
      details: [{ path: "config.ssh_tunnel.private_key", code: "PRIVATE_KEY_INVALID" }],
    });
    expect(open.size).toBe(0);
  });
});
