import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentHome,
  delay,
  freePort,
  scratchDir,
  ssh2Login,
  startProcess,
  waitFor,
  type AgentHome,
  type Ssh2LoginError,
  type Ssh2Session,
} from "@connections/testkit";
import { agentServiceClient, startAgentService, type AgentService, type AgentServiceClient } from "../support/agent-service.ts";
import { newTenant } from "../support/fixtures.ts";

// The agent endpoint (SPEC §11) refuses everything but a registered key's forward of its own
// connection's database port, against real OpenSSH `ssh` and an ssh2 Client. The endpoint listens on
// every interface; these clients dial it on loopback.

const HOST = "127.0.0.1";
const USER = "tunnel";
const PREAUTH_TIMEOUT_MS = 1_500;

let service: AgentService;
let client: AgentServiceClient;
let dir: string;
let knownHosts: string;
let hostKeyBase64: string;
/** Registered on connection A (database port portA) and B (portB); the stranger on none. */
let keyA: AgentHome;
let keyB: AgentHome;
let stranger: AgentHome;
let portA: number;
let portB: number;
let idA: string;
/** Where a forward that must never happen would lead: it records every connection and byte. */
let recorder: Server;
let recorded: { connections: number; bytes: number };

beforeAll(async () => {
  dir = scratchDir("agent-refusals");
  service = await startAgentService(HOST, { CONNECTIONS_AGENT_PREAUTH_TIMEOUT_MS: String(PREAUTH_TIMEOUT_MS) });
  client = agentServiceClient(service, await newTenant("agent-refusals"));
  [keyA, keyB, stranger] = [agentHome("agent-a"), agentHome("agent-b"), agentHome("stranger")];
  [portA, portB] = [await freePort(), await freePort()];
  const reverse = (port: number, key: AgentHome) => ({
    host: HOST,
    port,
    database: "app",
    user: "app",
    password: "unused",
    ssh_tunnel: { mode: "reverse", authorized_key: key.publicKey },
  });
  idA = await client.createOk("PostgreSQL", reverse(portA, keyA));
  await client.createOk("PostgreSQL", reverse(portB, keyB));
  const line = (await client.tunnel(idA)).known_hosts_line;
  knownHosts = join(dir, "known_hosts");
  writeFileSync(knownHosts, `${line}\n`);
  hostKeyBase64 = line.split(" ")[2]!;
  recorded = { connections: 0, bytes: 0 };
  recorder = createServer((socket) => {
    recorded.connections += 1;
    socket.on("data", (data) => (recorded.bytes += data.length));
  });
  await new Promise<void>((resolve) => recorder.listen(0, HOST, resolve));
});

afterAll(async () => {
  recorder?.close();
  await service?.stop();
});

const recorderPort = () => (recorder.address() as AddressInfo).port;

/** OpenSSH's client with nothing from this machine's config: only this key, only the service's host key. */
function sshArgs(key: AgentHome, ...rest: string[]): string[] {
  return [
    "-F",
    "/dev/null",
    "-o",
    "BatchMode=yes",
    "-o",
    "StrictHostKeyChecking=yes",
    "-o",
    `UserKnownHostsFile=${knownHosts}`,
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "ConnectTimeout=5",
    "-i",
    key.keyPath,
    "-p",
    String(service.agentPort),
    ...rest,
  ];
}

/** Runs `ssh` to completion (killed after 20 s); never rejects. */
function runSsh(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile("ssh", args, { timeout: 20_000, killSignal: "SIGKILL" }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    ),
  );
}

let logCount = 0;
const logFile = (name: string) => join(dir, `${++logCount}-${name}.log`);

describe("OpenSSH ssh against the agent endpoint", () => {
  it("an unregistered key is refused, and public-key is the only method offered", async () => {
    const result = await runSsh(sshArgs(stranger, "-N", `${USER}@${HOST}`));
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/Permission denied \(publickey\)/);
  });

  it("password authentication is refused: the server does not offer it", async () => {
    const result = await runSsh([
      ...sshArgs(stranger, "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive"),
      `${USER}@${HOST}`,
      "true",
    ]);
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/Permission denied \(publickey\)/);
  });

  it("a registered key asking for a shell is refused", async () => {
    const result = await runSsh(sshArgs(keyA, "-T", `${USER}@${HOST}`));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/open failed: administratively prohibited/);
    expect(result.stderr).not.toMatch(/Permission denied/);
  });

  it("a registered key asking to exec a command is refused", async () => {
    const result = await runSsh(sshArgs(keyA, "-T", `${USER}@${HOST}`, "echo", "reached-a-shell"));
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toContain("reached-a-shell");
    expect(result.stderr).toMatch(/open failed: administratively prohibited/);
  });

  it("a registered key's -L (direct-tcpip) is refused: the target receives nothing", async () => {
    const before = { ...recorded };
    const localPort = await freePort();
    const ssh = startProcess(
      "ssh",
      sshArgs(keyA, "-N", "-o", "ExitOnForwardFailure=yes", "-L", `${HOST}:${localPort}:${HOST}:${recorderPort()}`, `${USER}@${HOST}`),
      logFile("ssh-L"),
    );
    try {
      await waitFor("ssh -L listening", () => canConnect(localPort), 10_000, ssh);
      const closed = await sendAndWaitForClose(localPort, "bytes that must not arrive");
      expect(closed).toBe(true);
      await delay(300);
      expect(readFileSync(ssh.logFile, "utf8")).toMatch(/open failed: administratively prohibited/);
    } finally {
      await ssh.stop();
    }
    expect(recorded).toEqual(before);
  });

  it("a registered key forwarding another connection's port is refused; its own port is accepted", async () => {
    const other = await runSsh(sshArgs(keyA, "-N", "-o", "ExitOnForwardFailure=yes", "-R", `${portB}:${HOST}:${portB}`, `${USER}@${HOST}`));
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain(`remote port forwarding failed for listen port ${portB}`);

    const own = startProcess(
      "ssh",
      sshArgs(keyA, "-N", "-o", "ExitOnForwardFailure=yes", "-R", `${portA}:${HOST}:${portA}`, `${USER}@${HOST}`),
      logFile("ssh-R-own"),
    );
    try {
      await client.waitForAgents(idA, 1);
      const exited = await Promise.race([own.exited.then(() => true), delay(1_000).then(() => false)]);
      expect(exited, readFileSync(own.logFile, "utf8")).toBe(false);
    } finally {
      await own.stop();
    }
    await client.waitForAgents(idA, 0);
  });
});

describe("an ssh2 Client against the agent endpoint", () => {
  const login = (key: AgentHome | undefined, password?: string) =>
    ssh2Login({
      host: HOST,
      port: service.agentPort,
      username: USER,
      hostKeyBase64,
      ...(key ? { privateKey: readFileSync(key.keyPath, "utf8") } : {}),
      ...(password !== undefined ? { password } : {}),
    });
  const refusal = (attempt: Promise<unknown>) =>
    attempt.then(
      () => undefined,
      (error: Ssh2LoginError) => error,
    );

  it("an unregistered key is refused; only public-key is offered", async () => {
    const error = await refusal(login(stranger));
    expect(error?.level).toBe("client-authentication");
    expect(error?.offeredMethods).toEqual(["publickey"]);
  });

  it("a password is refused", async () => {
    const error = await refusal(login(undefined, "any password"));
    expect(error?.level).toBe("client-authentication");
    expect(error?.offeredMethods).toEqual(["publickey"]);
  });

  describe("with a registered key", () => {
    let session: Ssh2Session;
    beforeAll(async () => {
      session = await login(keyB);
    });
    afterAll(() => session?.client.end());

    const outcome = (start: (done: (error: Error | undefined) => void) => void) =>
      new Promise<Error | undefined>((resolve) => start((error) => resolve(error ?? undefined)));

    it("a shell is refused", async () => {
      const error = await outcome((done) => session.client.shell((err, channel) => (channel?.close(), done(err))));
      expect(error).toBeInstanceOf(Error);
    });

    it("exec is refused", async () => {
      const error = await outcome((done) => session.client.exec("echo reached-a-shell", (err, channel) => (channel?.close(), done(err))));
      expect(error).toBeInstanceOf(Error);
    });

    it("a direct-tcpip channel is refused: the target receives nothing", async () => {
      const before = { ...recorded };
      const error = await outcome((done) =>
        session.client.forwardOut(HOST, 40_000, HOST, recorderPort(), (err, channel) => {
          channel?.end("bytes that must not arrive");
          done(err);
        }),
      );
      expect(error?.message).toMatch(/open failure|prohibited/i);
      await delay(300);
      expect(recorded).toEqual(before);
    });

    it("a forward of another connection's port is refused; its own port is accepted", async () => {
      const other = await outcome((done) => session.client.forwardIn("localhost", portA, (err) => done(err)));
      expect(other).toBeInstanceOf(Error);
      const own = await outcome((done) => session.client.forwardIn("localhost", portB, (err) => done(err)));
      expect(own).toBeUndefined();
    });
  });
});

describe("unauthenticated connections", () => {
  it(`are closed after the pre-auth timeout (${PREAUTH_TIMEOUT_MS} ms here) when they only send a version line`, async () => {
    const started = Date.now();
    const socket = connect(service.agentPort, HOST);
    let banner = "";
    socket.on("data", (data) => (banner += data.toString("latin1")));
    socket.once("connect", () => socket.write("SSH-2.0-OpenSSH_9.2p1 silent\r\n"));
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error("still open after 10 s"));
      }, 10_000);
      socket.once("close", () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      });
      socket.on("error", () => undefined);
    });
    expect(banner).toMatch(/^SSH-2\.0-/);
    expect(closedAfter).toBeGreaterThanOrEqual(PREAUTH_TIMEOUT_MS - 200);
    expect(closedAfter).toBeLessThan(PREAUTH_TIMEOUT_MS + 3_000);
  });
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Connects to the local forward, writes, and resolves whether the forward closed the socket within 5 s. */
function sendAndWaitForClose(port: number, text: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST, () => socket.write(text));
    const timer = setTimeout(() => (socket.destroy(), resolve(false)), 5_000);
    socket.on("data", () => undefined);
    socket.on("error", () => undefined);
    socket.once("close", () => (clearTimeout(timer), resolve(true)));
  });
}
