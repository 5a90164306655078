import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import ssh2 from "ssh2";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knownHostsLine } from "@connections/core";
import { scratchDir, sshKeygen, startProcess, waitFor, type RunningProcess } from "@connections/testkit";
import { AgentServer, type AgentEvent } from "../src/agent/agent-server.ts";
import { TunnelError } from "../src/engine/tunnel-error.ts";
import { generateKeyPair } from "../src/keys/generate-key-pair.ts";
import { fingerprintOf } from "../src/keys/public-key.ts";

const dir = scratchDir("agent-server");
const agentKey = sshKeygen(dir, "agent");
const stranger = sshKeygen(dir, "stranger");
const agentFingerprint = fingerprintOf(Buffer.from(agentKey.publicKey.split(" ")[1]!, "base64"));
const events: AgentEvent[] = [];
let server: AgentServer;
let port: number;
let echo: Server;
let echoPort: number;
let echoConnections = 0;
const agents: RunningProcess[] = [];

/** A real OpenSSH agent: `-R echoPort:127.0.0.1:echoPort`, trusting the service's host key. */
function startAgent(name: string, key = agentKey.path, forwardPort = echoPort): RunningProcess {
  const agent = startProcess(
    "ssh",
    [
      "-N",
      "-o",
      "ExitOnForwardFailure=yes",
      "-o",
      "ServerAliveInterval=15",
      "-o",
      `UserKnownHostsFile=${join(dir, "known_hosts")}`,
      "-o",
      "BatchMode=yes",
      "-i",
      key,
      "-p",
      String(port),
      "-R",
      `${forwardPort}:127.0.0.1:${echoPort}`,
      "tunnel@127.0.0.1",
    ],
    join(dir, `${name}.log`),
  );
  agents.push(agent);
  return agent;
}

function roundTrip(id: string, text: string): Promise<string> {
  const socket = server.registry.acquire(id, "ssh …").createSocket(5_000);
  return new Promise((resolve, reject) => {
    socket.on("error", reject);
    socket.connect(echoPort, "127.0.0.1", () => socket.write(text));
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
      if (received.length < text.length) return;
      socket.destroy();
      resolve(received);
    });
  });
}

beforeAll(async () => {
  echo = createServer((socket) => {
    echoConnections++;
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoPort = (echo.address() as AddressInfo).port;
  const hostKey = await generateKeyPair("connections-agent-endpoint");
  server = new AgentServer({
    hostKey: hostKey.privateKey,
    authorize: async (fingerprint) => (fingerprint === agentFingerprint ? { id: "conn-1", port: echoPort } : undefined),
    keepalive: { intervalMs: 15_000, countMax: 2 },
    limits: { preAuthTimeoutMs: 1_500, maxAgentsPerKey: 2, maxUnauthenticated: 3 },
    onEvent: (event) => events.push(event),
  });
  port = await server.listen(0, "127.0.0.1");
  writeFileSync(join(dir, "known_hosts"), `${knownHostsLine({ host: "127.0.0.1", port }, hostKey.publicKey)}\n`);
});

afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.stop()));
  await server?.close();
  echo?.close();
});

describe("the agent endpoint", () => {
  it("serves channels through a real OpenSSH agent, in turn across two agents, skipping a killed one", async () => {
    expect(() => server.registry.acquire("conn-1", "ssh -N …")).toThrow(TunnelError);
    const first = startAgent("first");
    await waitFor("the first agent", async () => server.registry.status("conn-1").agents === 1, 10_000);
    expect(await roundTrip("conn-1", "hello")).toBe("hello");
    const second = startAgent("second");
    await waitFor("two agents", async () => server.registry.status("conn-1").agents === 2, 10_000);
    const status = server.registry.status("conn-1");
    expect(status).toMatchObject({ connected: true, remote_address: "127.0.0.1", agents: 2 });
    await first.stop();
    await waitFor("one agent left", async () => server.registry.status("conn-1").agents === 1, 10_000);
    for (let i = 0; i < 4; i++) expect(await roundTrip("conn-1", `after ${i}`)).toBe(`after ${i}`);
    await second.stop();
    await waitFor("no agent", async () => !server.registry.status("conn-1").connected, 10_000);
    let offline: unknown;
    try {
      server.registry.acquire("conn-1", "ssh -N agent");
    } catch (error) {
      offline = error;
    }
    expect(offline).toMatchObject({ code: "AGENT_OFFLINE", stage: "agent", hint: expect.stringContaining("ssh -N agent") });
  });

  it("refuses an unregistered key and a forward of another port", async () => {
    const strangerAgent = startAgent("stranger", stranger.path);
    expect(await strangerAgent.exited).not.toBe(0);
    const otherPort = startAgent("other-port", agentKey.path, echoPort + 1);
    expect(await otherPort.exited).not.toBe(0);
    expect(server.registry.status("conn-1").agents).toBe(0);
  });

  it("closes a connection that does not log in within the pre-auth timeout", async () => {
    const socket = connect(port, "127.0.0.1", () => socket.write("SSH-2.0-silent\r\n"));
    socket.on("data", () => {});
    const started = Date.now();
    await new Promise((resolve) => socket.once("close", resolve));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events.filter((event) => event.reason === "preauth_timeout")).toHaveLength(1);
  });

  it("bounds agents per key and forwards per agent", async () => {
    const logIn = () =>
      new Promise<ssh2.Client>((resolve, reject) => {
        const client = new ssh2.Client();
        client.once("ready", () => resolve(client)).once("error", reject);
        client.connect({ host: "127.0.0.1", port, username: "tunnel", privateKey: agentKey.privateKey, hostVerifier: () => true });
      });
    const forward = (client: ssh2.Client, forwardPort: number) =>
      new Promise<boolean>((resolve) => client.forwardIn("localhost", forwardPort, (error) => resolve(!error)));
    const [one, two] = await Promise.all([logIn(), logIn()]);
    // An ssh2 agent does what `ssh -R` does: each channel the service opens goes to the echo server.
    one!.on("tcp connection", (_info, accept) => {
      const channel = accept();
      const socket = connect(echoPort, "127.0.0.1");
      channel.pipe(socket).pipe(channel);
    });
    expect(await forward(one!, echoPort)).toBe(true);
    expect(await forward(one!, echoPort)).toBe(false);
    expect(server.registry.status("conn-1").agents).toBe(1);
    const third = new ssh2.Client();
    const ended = new Promise<void>((resolve) => third.once("close", () => resolve()));
    third.on("error", () => {});
    third.connect({ host: "127.0.0.1", port, username: "tunnel", privateKey: agentKey.privateKey, hostVerifier: () => true });
    await ended;
    expect(events.some((event) => event.reason === "too_many_agents_for_key")).toBe(true);
    const before = echoConnections;
    expect(await roundTrip("conn-1", "still served")).toBe("still served");
    expect(echoConnections).toBe(before + 1);
    one!.end();
    two!.end();
    await waitFor("the agents to go", async () => !server.registry.status("conn-1").connected, 10_000);
  });

  it("cuts off a client that keeps offering keys", async () => {
    let offered = 0;
    const client = new ssh2.Client();
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    client.on("error", () => {});
    client.connect({
      host: "127.0.0.1",
      port,
      username: "tunnel",
      hostVerifier: () => true,
      authHandler: (_methods, _partial, next) => {
        offered++;
        next({ type: "publickey", username: "tunnel", key: stranger.privateKey });
      },
    });
    await closed;
    expect(offered).toBe(13);
    expect(events.some((event) => event.reason === "too_many_auth_attempts")).toBe(true);
  });

  it("closes connections beyond the bound on those not yet logged in", async () => {
    const open = (): Promise<Socket> =>
      new Promise((resolve) => {
        const socket: Socket = connect(port, "127.0.0.1", () => resolve(socket));
        socket.on("error", () => {});
      });
    const waiting = await Promise.all([open(), open(), open()]);
    const extra = await open();
    await new Promise((resolve) => extra.once("close", resolve));
    expect(events.some((event) => event.reason === "too_many_unauthenticated")).toBe(true);
    expect(waiting.every((socket) => !socket.destroyed)).toBe(true);
    for (const socket of waiting) socket.destroy();
  });
});
