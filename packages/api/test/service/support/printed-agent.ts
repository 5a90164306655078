import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PublicReverseTunnel } from "@connections/core";
import { startProcess, type RunningProcess } from "@connections/testkit";

/**
 * The agent as the connection prints it, on loopback: its own words, with the test's key file for
 * `~/.ssh/connections_agent` and its known_hosts line in a file of the test's own. (The namespace
 * lab runs it fully verbatim, in apps/web/test/tunnel/reverse-tunnels.test.ts.)
 */
export function runPrintedAgent(tunnel: PublicReverseTunnel, keyPath: string, dir: string, name: string): RunningProcess {
  const knownHosts = join(dir, `${name}.known_hosts`);
  writeFileSync(knownHosts, `${tunnel.known_hosts_line}\n`);
  const args = tunnel
    .agent_command!.split(" ")
    .slice(1)
    .map((arg) => (arg === "~/.ssh/connections_agent" ? keyPath : arg));
  return startProcess("ssh", ["-o", `UserKnownHostsFile=${knownHosts}`, "-o", "BatchMode=yes", ...args], join(dir, `${name}.log`));
}
