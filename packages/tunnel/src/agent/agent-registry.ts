import { AGENT_SERVER, type AgentStatus } from "@connections/core";
import { TunnelError } from "../engine/tunnel-error.ts";
import type { TunnelConnection } from "../engine/tunnel-connection.ts";

/** One agent's SSH connection with its accepted forward, serving one registration. */
export interface AgentLink {
  connection: TunnelConnection;
  since: Date;
  remoteAddress: string;
}

/**
 * The agents connected now, by registration (the connection or chat connector whose key they log
 * in with). Each call takes the next live one in turn, so several agents share the work and a
 * dropped one is skipped: it leaves the list when its connection is lost.
 */
export class AgentRegistry {
  private readonly links = new Map<string, AgentLink[]>();
  private readonly turns = new Map<string, number>();

  add(id: string, link: AgentLink): void {
    this.links.set(id, [...(this.links.get(id) ?? []), link]);
  }

  remove(id: string, connection: TunnelConnection): void {
    const rest = (this.links.get(id) ?? []).filter((link) => link.connection !== connection);
    if (rest.length > 0) this.links.set(id, rest);
    else {
      this.links.delete(id);
      this.turns.delete(id);
    }
  }

  /** The next live agent of `id`; AGENT_OFFLINE with `command` as the hint when there is none. */
  acquire(id: string, command: string | null): TunnelConnection {
    const live = this.live(id);
    if (live.length === 0) {
      throw new TunnelError("AGENT_OFFLINE", "No agent is connected for this connection", {
        server: AGENT_SERVER,
        detail: { command },
      });
    }
    const turn = this.turns.get(id) ?? 0;
    this.turns.set(id, turn + 1);
    return live[turn % live.length]!.connection;
  }

  status(id: string): AgentStatus {
    const live = this.live(id);
    const oldest = live.reduce<AgentLink | undefined>((first, link) => (!first || link.since < first.since ? link : first), undefined);
    return {
      connected: live.length > 0,
      since: oldest?.since.toISOString() ?? null,
      remote_address: oldest?.remoteAddress ?? null,
      agents: live.length,
    };
  }

  /** The live agents of `id`, oldest first. */
  linksOf(id: string): AgentLink[] {
    return this.live(id).sort((a, b) => a.since.getTime() - b.since.getTime());
  }

  /** Ends every agent of `id`: its key was removed or replaced, or its connection deleted. */
  disconnect(id: string): void {
    for (const link of this.links.get(id) ?? []) link.connection.close();
    this.links.delete(id);
    this.turns.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.links.keys()]) this.disconnect(id);
  }

  private live(id: string): AgentLink[] {
    return (this.links.get(id) ?? []).filter((link) => !link.connection.lost);
  }
}
