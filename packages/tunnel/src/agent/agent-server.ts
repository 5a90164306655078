import { createServer, type AddressInfo, type Server as NetServer, type Socket } from "node:net";
import ssh2, { type AuthContext, type Connection, type TcpipBindInfo } from "ssh2";
import { AGENT_SERVER, AGENT_USER } from "@connections/core";
import type { SshSession } from "../engine/connect-ssh.ts";
import { openChannelWithin } from "../engine/open-forward.ts";
import type { Keepalive } from "../engine/timeouts.ts";
import { TunnelConnection } from "../engine/tunnel-connection.ts";
import { TunnelError } from "../engine/tunnel-error.ts";
import { fingerprintOf } from "../keys/public-key.ts";
import { AgentRegistry } from "./agent-registry.ts";

/** What a registered agent key may do: serve one registration, forwarding only its database's port. */
export interface AgentGrant {
  /** The connection or chat connector the key is registered on. */
  id: string;
  /** The port of the `-R PORT:host:PORT` forward it must ask for: its database's port. */
  port: number;
}

export interface AgentLimits {
  /** A connection that has not logged in by then is closed. */
  preAuthTimeoutMs: number;
  /** Connections not yet logged in, at most; more are closed at once. */
  maxUnauthenticated: number;
  /** Agents logged in with one key at the same time, at most. */
  maxAgentsPerKey: number;
  /** Concurrent channels on one agent's connection. */
  maxChannelsPerAgent: number;
}

/** Login attempts one connection may make (each key offered, with or without its signature, counts). */
const MAX_AUTH_ATTEMPTS = 12;

export const DEFAULT_AGENT_LIMITS: AgentLimits = {
  preAuthTimeoutMs: 10_000,
  maxUnauthenticated: 32,
  maxAgentsPerKey: 8,
  maxChannelsPerAgent: 64,
};

export interface AgentEvent {
  event: "agent_connected" | "agent_refused" | "agent_gone";
  id?: string;
  remote_address: string;
  reason?: string;
}

export interface AgentServerOptions {
  /** The service's host key (OpenSSH private key text). */
  hostKey: string;
  /** The grant of a public key (by its SHA256 fingerprint), or undefined when no connection registers it. */
  authorize: (fingerprint: string) => Promise<AgentGrant | undefined>;
  keepalive: Keepalive;
  /** Where connected agents are listed; the server's own when not given. */
  registry?: AgentRegistry;
  limits?: Partial<AgentLimits>;
  /** Told each agent that connects, is refused or goes; nothing secret is in an event. */
  onEvent?: (event: AgentEvent) => void;
}

/**
 * The service's SSH endpoint for reverse tunnels (SPEC §11). An agent logs in with a key that a
 * connection registers and asks for one `tcpip-forward` of its database's port; no port is bound:
 * the forward only tells the service which channels the agent will take. Queries then open
 * `forwarded-tcpip` channels to it. Everything else is refused: passwords, shells, commands,
 * `direct-tcpip` and forwards of any other port.
 */
export class AgentServer {
  readonly registry: AgentRegistry;
  private readonly ssh: ssh2.Server;
  private readonly tcp: NetServer;
  private readonly limits: AgentLimits;
  private readonly perKey = new Map<string, number>();
  private readonly clients = new Set<Connection>();
  /** Per socket not yet logged in: what ends its pre-auth accounting. */
  private readonly pending = new WeakMap<Socket, () => void>();
  private unauthenticated = 0;

  constructor(private readonly options: AgentServerOptions) {
    this.limits = { ...DEFAULT_AGENT_LIMITS, ...options.limits };
    this.registry = options.registry ?? new AgentRegistry();
    this.ssh = new ssh2.Server({
      hostKeys: [options.hostKey],
      keepaliveInterval: options.keepalive.intervalMs,
      keepaliveCountMax: options.keepalive.countMax,
    });
    // An IPv4 agent on a dual-stack socket shows as ::ffff:a.b.c.d; people know it as a.b.c.d.
    this.ssh.on("connection", (client, info) => this.serve(client, info.ip.replace(/^::ffff:(?=\d+\.)/, "")));
    this.tcp = createServer((socket) => this.accept(socket));
  }

  listen(port: number, host?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.tcp.once("error", reject);
      this.tcp.listen(port, host, () => {
        this.tcp.off("error", reject);
        resolve((this.tcp.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    this.registry.closeAll();
    for (const client of this.clients) client.end();
    return new Promise((resolve) => this.tcp.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const refuse = (reason: string) => {
      this.options.onEvent?.({ event: "agent_refused", remote_address: socket.remoteAddress ?? "", reason });
      socket.destroy();
    };
    if (this.unauthenticated >= this.limits.maxUnauthenticated) return refuse("too_many_unauthenticated");
    this.unauthenticated++;
    let waiting = true;
    const loggedIn = () => {
      if (!waiting) return;
      waiting = false;
      this.unauthenticated--;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => refuse("preauth_timeout"), this.limits.preAuthTimeoutMs);
    socket.once("close", loggedIn);
    this.pending.set(socket, loggedIn);
    socket.on("error", () => socket.destroy());
    socket.setNoDelay(true);
    this.ssh.injectSocket(socket);
  }

  private serve(client: Connection, remoteAddress: string): void {
    // The TCP socket under this client, as ssh2 keeps it: the one accept() counted (the tests
    // here would fail at once if ssh2 stopped keeping it there).
    const socket = (client as unknown as { _sock: Socket })._sock;
    let grant: AgentGrant | undefined;
    let agentKey = "";
    this.clients.add(client);
    client.on("error", () => {});
    let attempts = 0;
    client.on("authentication", (ctx) => {
      // As sshd's MaxAuthTries: a client trying key after key is cut off, not answered forever.
      if (++attempts > MAX_AUTH_ATTEMPTS) {
        this.options.onEvent?.({ event: "agent_refused", remote_address: remoteAddress, reason: "too_many_auth_attempts" });
        client.end();
        return;
      }
      void this.check(ctx).then(
        (verdict) => {
          if (verdict === "refused") return ctx.reject(["publickey"]);
          // Before accepting: ssh2 reports the login (ready) from inside accept().
          if (verdict !== "key_would_do") ({ grant, fingerprint: agentKey } = verdict);
          ctx.accept();
        },
        () => ctx.reject(["publickey"]),
      );
    });
    client.on("ready", () => {
      this.pending.get(socket)?.();
      const id = grant!.id;
      this.perKey.set(id, (this.perKey.get(id) ?? 0) + 1);
      client.once("close", () => this.perKey.set(id, (this.perKey.get(id) ?? 1) - 1));
      if ((this.perKey.get(id) ?? 0) > this.limits.maxAgentsPerKey) {
        this.options.onEvent?.({ event: "agent_refused", id, remote_address: remoteAddress, reason: "too_many_agents_for_key" });
        client.end();
        return;
      }
      this.whenReady(client, socket, grant!, agentKey, remoteAddress);
    });
    client.on("close", () => this.clients.delete(client));
  }

  /** Public-key logins as `tunnel` with a registered key only; a query without a signature is answered as such. */
  private async check(ctx: AuthContext): Promise<"refused" | "key_would_do" | { grant: AgentGrant; fingerprint: string }> {
    if (ctx.method !== "publickey" || ctx.username !== AGENT_USER) return "refused";
    const fingerprint = fingerprintOf(ctx.key.data);
    const grant = await this.options.authorize(fingerprint);
    if (!grant) return "refused";
    // Without a signature the client only asks whether the key would do (RFC 4252 §7).
    if (!ctx.signature || !ctx.blob) return "key_would_do";
    const key = ssh2.utils.parseKey(ctx.key.data);
    if (key instanceof Error || !key.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return "refused";
    return { grant, fingerprint };
  }

  private whenReady(client: Connection, socket: Socket, grant: AgentGrant, agentKey: string, remoteAddress: string): void {
    let link: TunnelConnection | undefined;
    // No session, tcpip (direct-tcpip) or streamlocal listener: ssh2 then refuses those channels as
    // administratively prohibited, the reason sshd gives (a reject() of ours would say "connect failed").
    client.on("request", (accept, reject, name, info) => {
      const bind = info as TcpipBindInfo;
      if (name === "tcpip-forward" && !link && bind.bindPort === grant.port) {
        link = this.link(client, socket, grant, agentKey, bind);
        this.registry.add(grant.id, { connection: link, since: new Date(), remoteAddress });
        this.options.onEvent?.({ event: "agent_connected", id: grant.id, remote_address: remoteAddress });
        accept?.();
        return;
      }
      if (name === "cancel-tcpip-forward" && link && bind.bindPort === grant.port) {
        this.registry.remove(grant.id, link);
        link = undefined;
        accept?.();
        return;
      }
      this.options.onEvent?.({ event: "agent_refused", id: grant.id, remote_address: remoteAddress, reason: `request_${name}` });
      reject?.();
    });
    client.once("close", () => {
      if (link) this.registry.remove(grant.id, link);
      this.options.onEvent?.({ event: "agent_gone", id: grant.id, remote_address: remoteAddress });
    });
  }

  private link(client: Connection, socket: Socket, grant: AgentGrant, agentKey: string, bind: TcpipBindInfo): TunnelConnection {
    // The channel names the forward the agent asked for; the agent connects to the target its own
    // command gave for it, whatever host and port the driver asks for.
    const session: SshSession = {
      client,
      socket,
      hostKeyFingerprint: agentKey,
      server: AGENT_SERVER,
      openChannel: (host, port, timeoutMs) =>
        openChannelWithin(host, port, timeoutMs, AGENT_SERVER, (done) =>
          client.forwardOut(bind.bindAddr, bind.bindPort, "127.0.0.1", 0, done as never),
        ).catch((error: unknown) => {
          throw couldNotConnect(error, host, port);
        }),
    };
    const connection = new TunnelConnection(session, {
      maxChannels: this.limits.maxChannelsPerAgent,
      idleMs: undefined,
      policy: undefined,
      probeIntervalMs: this.options.keepalive.intervalMs,
      onGone: (gone) => this.registry.remove(grant.id, gone),
    });
    return connection;
  }
}

/**
 * OpenSSH's client refuses a forwarded channel it could not connect onward as "administratively
 * prohibited", whatever went wrong (a name that does not resolve, a closed port): from an agent
 * that always means its network did not reach the database.
 */
function couldNotConnect(error: unknown, host: string, port: number): unknown {
  if (!TunnelError.is(error) || (error.code !== "FORWARD_PROHIBITED" && error.code !== "FORWARD_CONNECT_FAILED")) return error;
  return new TunnelError("FORWARD_CONNECT_FAILED", `The agent could not connect to ${host}:${port} from its network`, {
    cause: error,
    server: AGENT_SERVER,
  });
}
