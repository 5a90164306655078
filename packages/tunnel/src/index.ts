export { connectSsh, type ConnectSshOptions, type SshEndpoint, type SshRoute, type SshSession } from "./engine/connect-ssh.ts";
export { openRoute, type OpenRoute, type OpenRouteOptions } from "./engine/open-route.ts";
export { openForward } from "./engine/open-forward.ts";
export { ForwardedSocket } from "./engine/forwarded-socket.ts";
export { openTcpProbe } from "./engine/open-tcp-socket.ts";
export { resolveHost } from "./engine/resolve-host.ts";
export { StageRecorder, elapsed, withTimeout, type StageListener } from "./engine/stage-recorder.ts";
export { DEFAULT_KEEPALIVE, DEFAULT_TIMEOUTS, keepaliveBudgetMs, type Keepalive, type StageTimeouts } from "./engine/timeouts.ts";
export { directTransport, tunnelTransport, type ConnectableSocket, type Transport } from "./engine/transport.ts";
export { TunnelConnection } from "./engine/tunnel-connection.ts";
export { TunnelError, type TunnelErrorOptions } from "./engine/tunnel-error.ts";
export { classifySocketError, isTlsError } from "./engine/connect-errors.ts";
export { TunnelPool, type TunnelPoolOptions } from "./engine/tunnel-pool.ts";
export { authorizedKeysLine } from "./keys/authorized-keys-line.ts";
export { generateKeyPair } from "./keys/generate-key-pair.ts";
export { KeyError } from "./keys/key-error.ts";
export { parsePrivateKey, type UsableKey } from "./keys/parse-private-key.ts";
export { fingerprintOf } from "./keys/public-key.ts";
export { checkTarget } from "./policy/check-target.ts";
export { ALLOW_VARIABLE, DEFAULT_DENIED_TARGETS, DENY_VARIABLE, TargetPolicy } from "./policy/target-policy.ts";
export { tunnelEnv, type TunnelEnv } from "./env.ts";
export {
  AgentServer,
  DEFAULT_AGENT_LIMITS,
  type AgentEvent,
  type AgentGrant,
  type AgentLimits,
  type AgentServerOptions,
} from "./agent/agent-server.ts";
export { AgentRegistry } from "./agent/agent-registry.ts";
export { agentKeyFingerprint } from "./keys/agent-public-key.ts";
export type { HostKeyMismatch } from "./engine/tunnel-error.ts";
export type { TunnelHealth, TunnelHop, TunnelState } from "./engine/tunnel-health.ts";
export type { AgentLink } from "./agent/agent-registry.ts";
