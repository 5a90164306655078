import { createHash, generateKeyPairSync } from "node:crypto";
import { connect, createServer, isIP, type Socket } from "node:net";
import ssh2, { type AuthContext, type ParsedKey, type ServerChannel } from "ssh2";
import { hookProtocol } from "./ssh2-protocol-hooks.ts";

/** RFC 4254 §5.1: why a channel open failed. */
export const CHANNEL_OPEN_FAILURE = {
  ADMINISTRATIVELY_PROHIBITED: 1,
  CONNECT_FAILED: 2,
  UNKNOWN_CHANNEL_TYPE: 3,
  RESOURCE_SHORTAGE: 4,
} as const;
export type ChannelOpenFailureReason = (typeof CHANNEL_OPEN_FAILURE)[keyof typeof CHANNEL_OPEN_FAILURE];

/** What the server does wrong; `none` forwards direct-tcpip channels to their loopback target. */
export type SshFault =
  | { kind: "none" }
  /** Accepts TCP and never sends its SSH identification. */
  | { kind: "stallBanner" }
  /** Authenticates, then leaves every keepalive@openssh.com unanswered; channels keep working. */
  | { kind: "withholdKeepaliveReplies" }
  /** Refuses each direct-tcpip open with this reason. */
  | { kind: "rejectChannel"; reason: ChannelOpenFailureReason }
  /** Accepts channels and never reads them (open ones stop being read), so their windows run dry. */
  | { kind: "starveWindow" };

export interface FaultSshOptions {
  /** The one client public key accepted, as an authorized_keys line. */
  authorizedKey: string;
  fault?: SshFault;
}

export interface FaultSshServer {
  host: string;
  port: number;
  /** As `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** Takes effect for what arrives next; starveWindow also stops reading the channels already open. */
  setFault(fault: SshFault): void;
  /** Open TCP connections, SSH or not. */
  connectionCount(): number;
  /** Open direct-tcpip channels. */
  channelCount(): number;
  /** Closes every connection and the listener. */
  stop(): Promise<void>;
}

/**
 * A programmable SSH server (ssh2's Server) on 127.0.0.1 for faults a real sshd cannot produce on
 * demand. It owns the listening socket and hands each connection to ssh2 (or, for a stalled
 * banner, does not), so every socket is tracked and `stop()` leaves nothing behind.
 */
export async function startFaultSshServer(options: FaultSshOptions): Promise<FaultSshServer> {
  let fault: SshFault = options.fault ?? { kind: "none" };
  const accepted = parseKey(options.authorizedKey);
  // ECDSA in SEC1 PEM: node:crypto writes it and ssh2 reads it, so no key file or tool is needed.
  const hostKey = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "sec1", format: "pem" }) as string;
  const connections = new Set<Socket>();
  const targets = new Set<Socket>();
  const channels = new Map<ServerChannel, () => void>();

  const ssh = new ssh2.Server({ hostKeys: [hostKey] }, (connection) => {
    // Hooked before an error listener exists, so a hook that no longer fits ssh2 throws uncaught.
    hookProtocol(connection, {
      withholdReply: (name) => fault.kind === "withholdKeepaliveReplies" && name === "keepalive@openssh.com",
      refuseChannel: () => (fault.kind === "rejectChannel" ? fault.reason : undefined),
    });
    connection.on("error", () => {});
    connection.on("authentication", (ctx) => authenticate(ctx, accepted));
    connection.on("tcpip", (accept, reject, info) => {
      if (fault.kind === "starveWindow") return track(accept(), undefined);
      // Like sshd with PermitOpen: the test kit never connects beyond loopback.
      if (!isLoopback(info.destIP)) return reject();
      const target = connect(info.destPort, info.destIP);
      targets.add(target);
      target.on("error", () => reject());
      target.once("connect", () => {
        const channel = accept();
        channel.pipe(target).pipe(channel);
        track(channel, target);
        target.once("close", () => channel.close());
      });
      target.once("close", () => targets.delete(target));
    });
  });

  function track(channel: ServerChannel, target: Socket | undefined): void {
    let starved = false;
    const starve = () => {
      if (starved) return;
      starved = true;
      if (target) channel.unpipe(target);
      channel.pause();
      // ssh2 reports a channel closed only once its data is read: read it when the client closes it.
      channel.once("finish", () => channel.resume());
    };
    channels.set(channel, starve);
    channel.on("error", () => {});
    channel.once("close", () => {
      channels.delete(channel);
      target?.destroy();
    });
    if (!target || fault.kind === "starveWindow") starve();
  }

  const listener = createServer((socket) => {
    connections.add(socket);
    socket.once("close", () => connections.delete(socket));
    socket.on("error", () => {});
    // A stalled banner still reads (and drops) what the client sends, so it sees the client leave.
    if (fault.kind === "stallBanner") socket.resume();
    else ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = listener.address() as { port: number };

  return {
    host: "127.0.0.1",
    port,
    hostKeyFingerprint: fingerprint(parseKey(hostKey).getPublicSSH()),
    setFault(next) {
      fault = next;
      if (next.kind === "starveWindow") for (const starve of channels.values()) starve();
    },
    connectionCount: () => connections.size,
    channelCount: () => channels.size,
    async stop() {
      for (const socket of [...connections, ...targets]) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}

function authenticate(ctx: AuthContext, accepted: ParsedKey): void {
  if (ctx.method !== "publickey" || !ctx.key.data.equals(accepted.getPublicSSH())) return ctx.reject(["publickey"]);
  // Without a signature the client only asks whether the key would do; with one it proves it holds the key.
  if (ctx.signature && (!ctx.blob || accepted.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)) return ctx.reject(["publickey"]);
  ctx.accept();
}

function parseKey(text: string): ParsedKey {
  const key = ssh2.utils.parseKey(text);
  if (key instanceof Error) throw key;
  return Array.isArray(key) ? key[0]! : key;
}

function fingerprint(publicSsh: Buffer): string {
  return `SHA256:${createHash("sha256").update(publicSsh).digest("base64").replace(/=+$/, "")}`;
}

function isLoopback(address: string): boolean {
  return (isIP(address) === 4 && address.startsWith("127.")) || address === "::1";
}
