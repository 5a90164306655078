import { DEFAULT_KEEPALIVE } from "@connections/tunnel";
import type { ServiceContext } from "../context.ts";
import type { EventLog } from "../throttle/throttle.ts";

type AgentLog = EventLog & { info(fields: Record<string, unknown>, message: string): void };

/**
 * Starts the reverse-tunnel endpoint of a server process (SPEC §11). A port already in use stops
 * start-up with a message naming the variable, as other bad settings do.
 */
export async function startAgentEndpoint(ctx: ServiceContext, log: AgentLog): Promise<void> {
  try {
    await ctx.agents.start(ctx.db, ctx.keyring, DEFAULT_KEEPALIVE, (event) =>
      (event.event === "agent_refused" ? log.warn : log.info).call(log, { ...event }, event.event.replace("_", " ")),
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE" || code === "EACCES") {
      throw new Error(
        `the agent endpoint cannot listen (${code}): set CONNECTIONS_AGENT_SSH_PORT to a free port, or 0 to turn reverse tunnels off`,
        { cause: error },
      );
    }
    throw error;
  }
}
