import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_USER, agentCommand, knownHostsLine } from "@connections/core";
import { delay, waitFor, type RunningProcess } from "../src/child-process.ts";
import { agentHome, startAgent, type AgentHome } from "../src/openssh-agent.ts";
import { createReverseLab, reverseLabAvailable, type ReverseLab } from "../src/reverse-lab.ts";
import { scratchDir } from "../src/scratch-dir.ts";
import { startSshd, type SshdServer } from "../src/sshd-server.ts";
import { echoFromHere, echoFromNamespace, startEcho } from "./support/echo-peers.ts";

// The reverse-tunnel lab (SPEC §11): the private namespace dials out, nobody dials in.

const available = reverseLabAvailable();
const dir = available ? scratchDir("reverse-lab") : "";
let logCount = 0;
const log = (name: string) => join(dir, `${++logCount}-${name}.log`);

/** An echo server in the test process (the default namespace) on `address`. */
function echoHere(address: string): Promise<Server> {
  const server = createServer((socket) => socket.pipe(socket));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, address, () => resolve(server));
  });
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

describe.runIf(available)("reverse lab", () => {
  let lab: ReverseLab;
  let privateEcho: { proc: RunningProcess; port: number };
  let defaultEcho: Server;

  beforeAll(async () => {
    lab = await createReverseLab();
    privateEcho = await startEcho(lab.privateNs, lab.privateAddress);
    defaultEcho = await echoHere(lab.serviceAddress);
  });
  afterAll(async () => {
    defaultEcho?.close();
    await lab?.destroy();
  });

  it("links the default namespace (.1) and the private one (.2) on a 198.18.X.0/30", () => {
    expect(lab.serviceAddress).toMatch(/^198\.18\.\d+\.1$/);
    expect(lab.privateAddress).toBe(lab.serviceAddress.replace(/\.1$/, ".2"));
    expect(lab.subnet).toBe(lab.serviceAddress.replace(/\.1$/, ".0/24"));
  });

  it("does not let the default namespace open a connection into the private one: the SYN is dropped", async () => {
    const started = Date.now();
    const error = await echoFromHere(lab.privateAddress, privateEcho.port, 1_500).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    // Dropped, not refused and not unroutable: the route exists, the firewall eats the packet.
    expect(error?.code).toBe("TIMEOUT");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    const ruleset = execFileSync("ip", ["netns", "exec", lab.privateNs, "nft", "list", "ruleset"], { encoding: "utf8" });
    expect(ruleset).toContain("policy drop");
  });

  it("serves the private echo server inside its own namespace (so the refusal above is the firewall's)", async () => {
    const { code, output } = await echoFromNamespace(lab.privateNs, lab.privateAddress, privateEcho.port);
    expect(output).toContain("ECHO ping-");
    expect(code).toBe(0);
  });

  it("lets the private namespace open connections to the default namespace, replies included", async () => {
    const { code, output } = await echoFromNamespace(lab.privateNs, lab.serviceAddress, portOf(defaultEcho));
    expect(output).toContain("ECHO ping-");
    expect(code).toBe(0);
  });

  it("has no default route in the private namespace and the guard route on both sides", () => {
    const routes = execFileSync("ip", ["-n", lab.privateNs, "route", "show"], { encoding: "utf8" });
    expect(routes).not.toMatch(/^default/m);
    expect(routes).toContain(`unreachable ${lab.subnet}`);
    expect(execFileSync("ip", ["route", "show"], { encoding: "utf8" })).toContain(`unreachable ${lab.subnet}`);
  });

  it("destroy() removes the namespace, link, route and processes, and can run twice", async () => {
    const temp = await createReverseLab();
    const echo = await startEcho(temp.privateNs, temp.privateAddress);
    const prefix = temp.privateNs.replace(/-private$/, "");
    await temp.destroy();
    await temp.destroy();
    expect(execFileSync("ip", ["netns", "list"], { encoding: "utf8" })).not.toContain(prefix);
    expect(execFileSync("ip", ["-br", "link"], { encoding: "utf8" })).not.toContain(prefix);
    expect(execFileSync("ip", ["route", "show"], { encoding: "utf8" })).not.toContain(temp.subnet);
    await echo.proc.exited;
    expect(running(echo.proc.pid)).toBe(false);
  });
});

describe.runIf(available)("an agent run as a customer runs it", () => {
  let lab: ReverseLab;
  let sshd: SshdServer;
  let home: AgentHome;
  let privateEcho: { proc: RunningProcess; port: number };
  const hadSshDir = existsSync(join(homedir(), ".ssh"));

  beforeAll(async () => {
    lab = await createReverseLab();
    privateEcho = await startEcho(lab.privateNs, lab.privateAddress);
    home = agentHome();
    sshd = await startSshd({ authorizedKeys: [home.publicKey], bindAddress: lab.serviceAddress });
  });
  afterAll(async () => {
    await sshd?.stop();
    await lab?.destroy();
  });

  // The service's command shape, logging in as this machine's user because a plain sshd stands in for the service.
  const command = () =>
    agentCommand({ host: sshd.host, port: sshd.port }, { host: lab.privateAddress, port: privateEcho.port }).replace(
      `${AGENT_USER}@`,
      `${sshd.user}@`,
    );
  const hostKeyLine = () => knownHostsLine({ host: sshd.host, port: sshd.port }, readFileSync(`${sshd.hostKeyPath}.pub`, "utf8"));

  it("connects out with ~/.ssh/connections_agent and ~/.ssh/known_hosts, and its -R reaches the private database port", async () => {
    expect(command()).toContain("-i ~/.ssh/connections_agent");
    const agent = startAgent(home, { command: command(), knownHostsLine: hostKeyLine(), ns: lab.privateNs, logFile: log("agent") });
    try {
      // sshd binds the -R port on its loopback: bytes sent there travel back through the agent's connection.
      await waitFor(
        "the agent's remote forward",
        async () => (await echoFromHere("127.0.0.1", privateEcho.port, 1_000)) === "hello",
        10_000,
        agent,
      );
      expect(execFileSync("ps", ["-o", "comm=", "-p", String(agent.pid)], { encoding: "utf8" }).trim()).toBe("ssh");
    } finally {
      await agent.stop();
    }
    expect(running(agent.pid)).toBe(false);
    // The bind mount lived in the agent's mount namespace only.
    expect(existsSync(join(homedir(), ".ssh"))).toBe(hadSshDir);
  });

  it("refuses to connect when ~/.ssh/known_hosts holds another host key", async () => {
    const other = readFileSync(`${agentHome("stranger").keyPath}.pub`, "utf8");
    const agent = startAgent(home, {
      command: command(),
      knownHostsLine: knownHostsLine({ host: sshd.host, port: sshd.port }, other),
      ns: lab.privateNs,
      logFile: log("agent-wrong-host-key"),
    });
    const code = await Promise.race([agent.exited, delay(10_000).then(() => "still running")]);
    await agent.stop();
    expect(code).toBe(255);
    expect(readFileSync(agent.logFile, "utf8")).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });
});
