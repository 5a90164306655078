import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningProcess } from "../src/child-process.ts";
import { createNetworkLab, networkLabAvailable, type NetworkLab } from "../src/network-lab.ts";
import { echoFromHere, echoFromNamespace, startEcho } from "./support/echo-peers.ts";

const netnsList = () => execFileSync("ip", ["netns", "list"], { encoding: "utf8" });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** destroy() twice leaves no namespace, link, route or process of the lab behind. */
async function expectDestroyedTwice(lab: NetworkLab, servers: Array<{ proc: RunningProcess }>): Promise<void> {
  const prefix = lab.bastionNs.replace(/-bastion$/, "");
  await lab.destroy();
  await lab.destroy();
  expect(netnsList()).not.toContain(prefix);
  for (const { proc } of servers) expect(alive(proc.pid)).toBe(false);
  expect(execFileSync("ip", ["-br", "link"], { encoding: "utf8" })).not.toContain(prefix);
  expect(execFileSync("ip", ["route", "show"], { encoding: "utf8" })).not.toContain(lab.subnet);
}

describe.runIf(networkLabAvailable())("network lab", () => {
  let lab: NetworkLab;
  let privateEcho: { proc: RunningProcess; port: number };
  let bastionEcho: { proc: RunningProcess; port: number };

  beforeAll(async () => {
    lab = await createNetworkLab();
    privateEcho = await startEcho(lab.privateNs, lab.privateAddress);
    bastionEcho = await startEcho(lab.bastionNs, lab.bastionAddress);
  });
  afterAll(async () => {
    await lab?.destroy();
  });

  it("creates two namespaces on a 198.18.X.0/24 benchmarking subnet", () => {
    expect(lab.bastionAddress).toMatch(/^198\.18\.\d+\.2$/);
    expect(lab.privateAddress).toMatch(/^198\.18\.\d+\.6$/);
    expect(netnsList()).toContain(lab.bastionNs);
    expect(netnsList()).toContain(lab.privateNs);
  });

  it("does not reach the private namespace from the default namespace", async () => {
    const started = Date.now();
    const error = await echoFromHere(lab.privateAddress, privateEcho.port, 1_000).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(error?.code).toMatch(/^(EHOSTUNREACH|ENETUNREACH|TIMEOUT)$/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("reaches the private namespace from the bastion namespace", async () => {
    const { code, output } = await echoFromNamespace(lab.bastionNs, lab.privateAddress, privateEcho.port);
    expect(output).toContain("ECHO ping-");
    expect(code).toBe(0);
  });

  it("reaches the bastion's address from the default namespace", async () => {
    await expect(echoFromHere(lab.bastionAddress, bastionEcho.port, 2_000)).resolves.toBe("hello");
  });

  it("keeps the bastion from forwarding and the private namespace from routing back", async () => {
    const forward = execFileSync("ip", ["netns", "exec", lab.bastionNs, "cat", "/proc/sys/net/ipv4/ip_forward"], { encoding: "utf8" });
    expect(forward.trim()).toBe("0");
    // The private namespace only knows its own /30: the default namespace's end is unreachable.
    const hostSide = lab.bastionAddress.replace(/\.2$/, ".1");
    const { code, output } = await echoFromNamespace(lab.privateNs, hostSide, bastionEcho.port);
    expect(code).toBe(1);
    expect(output).toMatch(/ERROR (EHOSTUNREACH|ENETUNREACH)/);
  });

  it("has no default route in the lab namespaces and guards the subnet in the default namespace", () => {
    for (const ns of [lab.bastionNs, lab.privateNs]) {
      const routes = execFileSync("ip", ["-n", ns, "route", "show"], { encoding: "utf8" });
      expect(routes).not.toMatch(/^default/m);
      expect(routes).toContain(`unreachable ${lab.subnet}`);
    }
    expect(execFileSync("ip", ["route", "show"], { encoding: "utf8" })).toContain(`unreachable ${lab.subnet}`);
  });

  it("runs two labs at once without collision", async () => {
    const second = await createNetworkLab();
    try {
      expect(second.bastionNs).not.toBe(lab.bastionNs);
      expect(second.subnet).not.toBe(lab.subnet);
      const echo = await startEcho(second.bastionNs, second.bastionAddress);
      await expect(echoFromHere(second.bastionAddress, echo.port, 2_000)).resolves.toBe("hello");
      await expect(echoFromHere(lab.bastionAddress, bastionEcho.port, 2_000)).resolves.toBe("hello");
      // Each bastion reaches only its own private side.
      const own = await startEcho(second.privateNs, second.privateAddress);
      expect((await echoFromNamespace(second.bastionNs, second.privateAddress, own.port)).code).toBe(0);
      expect((await echoFromNamespace(second.bastionNs, lab.privateAddress, privateEcho.port)).code).toBe(1);
    } finally {
      await second.destroy();
    }
  });

  it("destroy() removes namespaces, links, routes and processes, and can run twice", async () => {
    const temp = await createNetworkLab();
    const servers = [await startEcho(temp.bastionNs, temp.bastionAddress), await startEcho(temp.privateNs, temp.privateAddress)];
    await expectDestroyedTwice(temp, servers);
  });
});

/** The error code of a connection from the test process that must fail fast. */
async function failureFromHere(host: string, port: number): Promise<string | undefined> {
  const started = Date.now();
  const error = await echoFromHere(host, port, 1_000).then(
    () => undefined,
    (e: NodeJS.ErrnoException) => e,
  );
  expect(Date.now() - started).toBeLessThan(1_500);
  return error?.code;
}

const UNREACHABLE = /^(EHOSTUNREACH|ENETUNREACH|TIMEOUT)$/;

describe.runIf(networkLabAvailable())("network lab with a jump host", () => {
  let lab: NetworkLab;
  let jumpEcho: { proc: RunningProcess; port: number };
  let bastionEcho: { proc: RunningProcess; port: number };
  let privateEcho: { proc: RunningProcess; port: number };

  beforeAll(async () => {
    lab = await createNetworkLab({ jumpHosts: 1 });
    jumpEcho = await startEcho(lab.jumpNs[0]!, lab.jumpAddresses[0]!);
    bastionEcho = await startEcho(lab.bastionNs, lab.bastionAddress);
    privateEcho = await startEcho(lab.privateNs, lab.privateAddress);
  });
  afterAll(async () => {
    await lab?.destroy();
  });

  it("chains three namespaces on one 198.18.X.0/24, one /30 link per hop", () => {
    expect(lab.jumpAddresses).toEqual([expect.stringMatching(/^198\.18\.\d+\.2$/)]);
    expect(lab.bastionAddress).toMatch(/^198\.18\.\d+\.6$/);
    expect(lab.privateAddress).toMatch(/^198\.18\.\d+\.10$/);
    for (const ns of [...lab.jumpNs, lab.bastionNs, lab.privateNs]) expect(netnsList()).toContain(ns);
  });

  it("reaches only the jump host from the default namespace", async () => {
    await expect(echoFromHere(lab.jumpAddresses[0]!, jumpEcho.port, 2_000)).resolves.toBe("hello");
    expect(await failureFromHere(lab.bastionAddress, bastionEcho.port)).toMatch(UNREACHABLE);
    expect(await failureFromHere(lab.privateAddress, privateEcho.port)).toMatch(UNREACHABLE);
  });

  it("reaches the bastion but not the private namespace from the jump host", async () => {
    const toBastion = await echoFromNamespace(lab.jumpNs[0]!, lab.bastionAddress, bastionEcho.port);
    expect(toBastion.output).toContain("ECHO ping-");
    expect(toBastion.code).toBe(0);
    const toPrivate = await echoFromNamespace(lab.jumpNs[0]!, lab.privateAddress, privateEcho.port);
    expect(toPrivate.output).toMatch(/ERROR (EHOSTUNREACH|ENETUNREACH)/);
    expect(toPrivate.code).toBe(1);
  });

  it("reaches the private namespace from the bastion, and nothing routes back past a hop", async () => {
    const toPrivate = await echoFromNamespace(lab.bastionNs, lab.privateAddress, privateEcho.port);
    expect(toPrivate.output).toContain("ECHO ping-");
    expect(toPrivate.code).toBe(0);
    // The bastion knows the jump⇄bastion and bastion⇄private links only, the private ns only its own.
    const backToJump = await echoFromNamespace(lab.bastionNs, lab.jumpAddresses[0]!, jumpEcho.port);
    expect(backToJump.output).toMatch(/ERROR (EHOSTUNREACH|ENETUNREACH)/);
    const privateToJump = await echoFromNamespace(lab.privateNs, lab.jumpAddresses[0]!, jumpEcho.port);
    expect(privateToJump.output).toMatch(/ERROR (EHOSTUNREACH|ENETUNREACH)/);
  });

  it("keeps forwarding off, default routes out and the guard route in every lab namespace", () => {
    for (const ns of [...lab.jumpNs, lab.bastionNs]) {
      expect(execFileSync("ip", ["netns", "exec", ns, "cat", "/proc/sys/net/ipv4/ip_forward"], { encoding: "utf8" }).trim()).toBe("0");
    }
    for (const ns of [...lab.jumpNs, lab.bastionNs, lab.privateNs]) {
      const routes = execFileSync("ip", ["-n", ns, "route", "show"], { encoding: "utf8" });
      expect(routes).not.toMatch(/^default/m);
      expect(routes).toContain(`unreachable ${lab.subnet}`);
    }
  });

  it("partitions the jump host and the bastion on their own links, and heals them", async () => {
    await lab.setJumpLink(0, "down");
    try {
      expect(await failureFromHere(lab.jumpAddresses[0]!, jumpEcho.port)).toMatch(UNREACHABLE);
    } finally {
      await lab.setJumpLink(0, "up");
    }
    await expect(echoFromHere(lab.jumpAddresses[0]!, jumpEcho.port, 2_000)).resolves.toBe("hello");

    await lab.setBastionLink("down");
    try {
      expect((await echoFromNamespace(lab.jumpNs[0]!, lab.bastionAddress, bastionEcho.port)).code).not.toBe(0);
    } finally {
      await lab.setBastionLink("up");
    }
    expect((await echoFromNamespace(lab.jumpNs[0]!, lab.bastionAddress, bastionEcho.port)).code).toBe(0);
    await expect(lab.setJumpLink(1, "down")).rejects.toThrow(RangeError);
  });

  it("extends the chain to two jump hosts, each reached only from the hop before it", async () => {
    const two = await createNetworkLab({ jumpHosts: 2 });
    try {
      const [first, second] = [two.jumpNs[0]!, two.jumpNs[1]!];
      const secondEcho = await startEcho(second, two.jumpAddresses[1]!);
      const bastion = await startEcho(two.bastionNs, two.bastionAddress);
      expect(await failureFromHere(two.jumpAddresses[1]!, secondEcho.port)).toMatch(UNREACHABLE);
      expect((await echoFromNamespace(first, two.jumpAddresses[1]!, secondEcho.port)).code).toBe(0);
      expect((await echoFromNamespace(first, two.bastionAddress, bastion.port)).code).toBe(1);
      expect((await echoFromNamespace(second, two.bastionAddress, bastion.port)).code).toBe(0);
    } finally {
      await two.destroy();
    }
    await expect(createNetworkLab({ jumpHosts: 3 })).rejects.toThrow(RangeError);
  });

  it("destroy() removes every namespace of the chain, its links, route and processes", async () => {
    const temp = await createNetworkLab({ jumpHosts: 1 });
    const servers = [
      await startEcho(temp.jumpNs[0]!, temp.jumpAddresses[0]!),
      await startEcho(temp.bastionNs, temp.bastionAddress),
      await startEcho(temp.privateNs, temp.privateAddress),
    ];
    await expectDestroyedTwice(temp, servers);
  });
});
