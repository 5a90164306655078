import { createServer, type Server } from "node:net";
import { SESSION_COOKIE } from "@connections/api";

/** Listeners on 127.0.0.1 that count the connections they receive and close each at once. */
export interface PortLab {
  ports: number[];
  connections: Map<number, number>;
  close(): Promise<void>;
}

export async function openPorts(count: number): Promise<PortLab> {
  const connections = new Map<number, number>();
  const listeners: Server[] = [];
  for (let i = 0; i < count; i++) {
    const listener = createServer((socket) => {
      const port = (listener.address() as { port: number }).port;
      connections.set(port, (connections.get(port) ?? 0) + 1);
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    listeners.push(listener);
  }
  const ports = listeners.map((l) => (l.address() as { port: number }).port);
  const close = async () => {
    await Promise.all(listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
  };
  return { ports, connections, close };
}

/** An unsaved PostgreSQL connection to a loopback port: what a port scan sends. */
export const probeOf = (port: number) => ({
  type: "dynamiq.connections.PostgreSQL",
  config: { host: "127.0.0.1", port, database: "scan", user: "scan", password: "scan" },
});

export interface ProbeAnswer {
  status: number;
  retryAfter: string | undefined;
  /** Our error, from a REST body or a tRPC envelope. */
  error: { code?: string; message?: string; details?: Record<string, unknown> } | undefined;
}

export type Prober = (port: number, i: number) => Promise<ProbeAnswer>;

/** Unsaved tests by an access key over REST, the i-th to the i-th server (round robin). */
export function restProber(baseUrls: string[], key: string): Prober {
  return async (port, i) => {
    const response = await fetch(`${baseUrls[i % baseUrls.length]}/v1/connections/test`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(probeOf(port)),
    });
    const body = (await response.json()) as { error?: ProbeAnswer["error"] };
    return { status: response.status, retryAfter: response.headers.get("retry-after") ?? undefined, error: body.error };
  };
}

/** Unsaved tests by a signed-in user over tRPC (connection.testUnsaved), round robin over the servers. */
export function trpcProber(baseUrls: string[], sessionToken: string): Prober {
  return async (port, i) => {
    const response = await fetch(`${baseUrls[i % baseUrls.length]}/api/trpc/connection.testUnsaved`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${sessionToken}` },
      body: JSON.stringify(probeOf(port)),
    });
    const body = (await response.json()) as { error?: { message: string; data: { appCode: string; details: Record<string, unknown> } } };
    const error = body.error && { code: body.error.data.appCode, message: body.error.message, details: body.error.data.details };
    return { status: response.status, retryAfter: response.headers.get("retry-after") ?? undefined, error };
  };
}
