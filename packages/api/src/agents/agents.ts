import { agentCommand, knownHostsLine, type AgentEndpoint, type AgentStatus, type ReverseTunnelConfig } from "@connections/core";
import type { Database, Keyring } from "@connections/db";
import {
  AgentRegistry,
  AgentServer,
  agentKeyFingerprint,
  type AgentEvent,
  type Keepalive,
  type TunnelConnection,
} from "@connections/tunnel";
import type { AgentSettings } from "./agent-env.ts";
import { agentHostKey } from "./agent-host-key.ts";
import { authorizeAgentKey } from "./authorize-agent-key.ts";

/** A reverse tunnel's database as the agent reaches it. */
interface AgentTarget {
  host: string;
  port: number;
}

/**
 * Reverse tunnels of this process: the agents connected to its endpoint and what connections show
 * about them. Without a started endpoint (off, or a context that never starts one) every reverse
 * tunnel is offline and its command is null.
 */
export class Agents {
  readonly registry = new AgentRegistry();
  private server: AgentServer | undefined;
  private endpointInfo: AgentEndpoint | null = null;

  constructor(private readonly settings: AgentSettings) {}

  /** Starts the endpoint on the configured port (0: stays off); resolves once it listens. Server processes only, never the CLI. */
  async start(db: Database, keyring: Keyring, keepalive: Keepalive, onEvent?: (event: AgentEvent) => void): Promise<void> {
    const { settings } = this;
    if (settings.port === 0 || this.server) return;
    const hostKey = await agentHostKey(db, keyring);
    const server = new AgentServer({
      hostKey: hostKey.privateKey,
      authorize: (fingerprint) => authorizeAgentKey(db, fingerprint),
      keepalive,
      registry: this.registry,
      limits: { preAuthTimeoutMs: settings.preAuthTimeoutMs },
      ...(onEvent ? { onEvent } : {}),
    });
    const port = await server.listen(settings.port);
    this.server = server;
    this.endpointInfo = { host: settings.host, port, known_hosts_line: knownHostsLine({ host: settings.host, port }, hostKey.publicKey) };
  }

  /** Where agents dial in; null while the endpoint is off. */
  get endpoint(): AgentEndpoint | null {
    return this.endpointInfo;
  }

  /** The command that runs this tunnel's agent; null while the endpoint is off. */
  commandFor(database: AgentTarget): string | null {
    return this.endpointInfo ? agentCommand(this.endpointInfo, database) : null;
  }

  /** The next live agent of the tunnel: AGENT_OFFLINE, with the command as its hint, when none is. */
  acquire(tunnel: ReverseTunnelConfig, database: AgentTarget): TunnelConnection {
    return this.registry.acquire(agentKeyFingerprint(tunnel.authorized_key) ?? "", this.commandFor(database));
  }

  status(tunnel: ReverseTunnelConfig): AgentStatus {
    return this.registry.status(agentKeyFingerprint(tunnel.authorized_key) ?? "");
  }

  /** Ends the agents of a key that no longer serves its connection (changed, or the connection deleted). */
  disconnect(fingerprint: string): void {
    this.registry.disconnect(fingerprint);
  }

  async close(): Promise<void> {
    this.registry.closeAll();
    await this.server?.close();
    this.server = undefined;
    this.endpointInfo = null;
  }
}
