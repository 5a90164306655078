import { hostname } from "node:os";
import { optionalText, wholeNumberVariable } from "@connections/core";

export const AGENT_PORT_VARIABLE = "CONNECTIONS_AGENT_SSH_PORT";
export const AGENT_HOST_VARIABLE = "CONNECTIONS_AGENT_HOST";
export const AGENT_PREAUTH_VARIABLE = "CONNECTIONS_AGENT_PREAUTH_TIMEOUT_MS";

/** Where agents dial in (SPEC §11): the endpoint's port (0: off) and the name printed in their commands. */
export const agentEnvShape = {
  [AGENT_PORT_VARIABLE]: wholeNumberVariable({
    min: 0,
    max: 65_535,
    fallback: 2222,
    problem: (text) => `${AGENT_PORT_VARIABLE} must be a port from 1 to 65535, or 0 to turn the agent endpoint off, not "${text}"`,
  }),
  [AGENT_HOST_VARIABLE]: optionalText,
  [AGENT_PREAUTH_VARIABLE]: wholeNumberVariable({
    min: 100,
    max: 600_000,
    fallback: 10_000,
    problem: (text) => `${AGENT_PREAUTH_VARIABLE} must be a whole number of milliseconds from 100 to 600000, not "${text}"`,
  }),
};

export interface AgentSettings {
  /** 0: no endpoint, and reverse tunnels stay offline. */
  port: number;
  /** The name agents reach this service by: printed in agent_command and known_hosts_line. */
  host: string;
  preAuthTimeoutMs: number;
}

export function agentSettingsOf(env: {
  [AGENT_PORT_VARIABLE]: number;
  [AGENT_HOST_VARIABLE]: string | undefined;
  [AGENT_PREAUTH_VARIABLE]: number;
}): AgentSettings {
  return {
    port: env[AGENT_PORT_VARIABLE],
    host: env[AGENT_HOST_VARIABLE] ?? hostname(),
    preAuthTimeoutMs: env[AGENT_PREAUTH_VARIABLE],
  };
}
