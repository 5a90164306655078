import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import type { RunningProcess } from "./child-process.ts";
import { inheritedEnv } from "./env.ts";
import { runInNamespace } from "./network-lab.ts";
import { scratchDir } from "./scratch-dir.ts";

// A reverse-tunnel agent run as a customer runs it (SPEC §11): they generate a key with
// ssh-keygen as ~/.ssh/connections_agent, append the service's known_hosts line to
// ~/.ssh/known_hosts, and paste the printed command into a shell. Here the "home" is a scratch
// directory bound over this user's home directory in a mount namespace of the agent's own, so the
// command runs verbatim, `-i ~/.ssh/connections_agent` included, and OpenSSH finds the key and
// the known host where it always looks. Nothing outside that mount namespace changes.

/** Where the command's `-i` points, under the home directory. */
const AGENT_KEY = ".ssh/connections_agent";

export interface AgentHome {
  /** The directory that stands in for the home directory. */
  dir: string;
  /** The agent's public key line, for `ssh_tunnel.authorized_key`. */
  publicKey: string;
  /** The private key file (in the scratch directory, never in the repository). */
  keyPath: string;
}

/** A scratch home with a fresh `ssh-keygen -t ed25519` key at ~/.ssh/connections_agent. */
export function agentHome(name = "agent"): AgentHome {
  const dir = scratchDir(`${name}-home`);
  mkdirSync(join(dir, ".ssh"), { mode: 0o700 });
  const keyPath = join(dir, AGENT_KEY);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `connections-${name}`, "-f", keyPath], { stdio: "ignore" });
  return { dir, publicKey: readFileSync(`${keyPath}.pub`, "utf8").trim(), keyPath };
}

export interface AgentRun {
  /** The `agent_command` exactly as the service printed it. */
  command: string;
  /** The service's `known_hosts_line`, written to ~/.ssh/known_hosts. */
  knownHostsLine: string;
  /** The network namespace the agent runs in (the customer's network). */
  ns: string;
  logFile: string;
}

/**
 * Starts the agent: `sh -c "exec <command>"` in `run.ns`, with `home` as the home directory.
 * `ip netns exec`, `unshare` and both shells exec, so the returned PID is OpenSSH's own; the
 * network lab stops it on destroy if the test has not.
 */
export function startAgent(home: AgentHome, run: AgentRun): RunningProcess {
  writeFileSync(join(home.dir, ".ssh/known_hosts"), `${run.knownHostsLine}\n`);
  chmodSync(home.dir, 0o700);
  const realHome = userInfo().homedir;
  const script = `mount --bind ${shellQuote(home.dir)} ${shellQuote(realHome)} && exec ${run.command}`;
  return runInNamespace(run.ns, "unshare", ["--mount", "--propagation", "private", "sh", "-c", script], run.logFile, {
    env: { ...inheritedEnv(), HOME: realHome },
  });
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
