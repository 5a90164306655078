import type { Duplex } from "node:stream";
import ssh2, { type Channel, type Client } from "ssh2";
import { BASTION_SERVER, capitalised, type SshServerRef } from "@connections/core";
import type { UsableKey } from "../keys/parse-private-key.ts";
import { fingerprintOf } from "../keys/public-key.ts";
import type { TargetPolicy } from "../policy/target-policy.ts";
import { skipHostKeyProof } from "./host-key-proof.ts";
import { openForward } from "./open-forward.ts";
import { openHopSocket } from "./open-hop-socket.ts";
import { openTcpSocket } from "./open-tcp-socket.ts";
import { resolveHost } from "./resolve-host.ts";
import { signKeyWithoutQuery } from "./signed-key-auth.ts";
import type { StageRecorder } from "./stage-recorder.ts";
import { DEFAULT_KEEPALIVE, type Keepalive, type StageTimeouts } from "./timeouts.ts";
import type { TunnelConnection } from "./tunnel-connection.ts";
import { TunnelError } from "./tunnel-error.ts";

export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
  key: UsableKey;
  /** SHA256:… pin; without one the key seen is accepted and reported (trust on first use). */
  pinnedHostKey: string | undefined;
  /** Which server of the tunnel this is, for messages, hints and stage hops; default the bastion. */
  server?: SshServerRef | undefined;
}

/** The SSH servers to go through in order: jump hosts first, the bastion last. */
export type SshRoute = readonly [...SshEndpoint[], SshEndpoint];

/** The SSH connection's own object, client or server side: what a TunnelConnection ends and watches. */
export type SshPeer = NodeJS.EventEmitter & { end(): unknown };

export interface SshSession {
  client: SshPeer;
  /**
   * What the SSH connection runs on: a TCP socket, or for a hop after the first a channel of the
   * hop before. Its end is the earliest sign the connection died.
   */
  socket: Duplex & { bytesWritten?: number };
  hostKeyFingerprint: string;
  /** Which server of the tunnel it is; the bastion when absent. */
  server?: SshServerRef | undefined;
  /** Opens a channel that ends at host:port: direct-tcpip from a bastion, forwarded-tcpip to an agent. */
  openChannel(host: string, port: number, timeoutMs: number): Promise<Channel>;
}

export interface ConnectSshOptions {
  /** Which addresses the bastion may have. */
  policy: TargetPolicy;
  recorder?: StageRecorder | undefined;
  keepalive?: Keepalive | undefined;
  /** The hop before, for a server reached through a chain: it opens the connection on its side. */
  via?: TunnelConnection | undefined;
}

/**
 * Opens an SSH connection stage by stage (dns, tcp, ssh_handshake, host_key, ssh_auth), each with
 * its own timeout and typed error. Keepalives expect replies, so a silent peer is noticed within
 * intervalMs × (countMax + 1): 45 s with the defaults.
 */
export async function connectSsh(endpoint: SshEndpoint, timeouts: StageTimeouts, options: ConnectSshOptions): Promise<SshSession> {
  const { keepalive = DEFAULT_KEEPALIVE } = options;
  const server = endpoint.server ?? BASTION_SERVER;
  const recorder = options.recorder?.atHop(server.hop);
  let started = performance.now();
  const stage = <T>(work: Promise<T>) =>
    work.catch((error: unknown) => {
      if (TunnelError.is(error)) recorder?.failed(error, started);
      throw error;
    });

  let socket: Duplex;
  if (options.via) {
    // A hop after the first: the hop before resolves the name and connects, in one channel open,
    // so dns has no time of its own; it passed if the failure (if any) came after it.
    const via = options.via;
    socket = await openHopSocket(via, endpoint.host, endpoint.port, timeouts.tcp, server).catch((error: unknown) => {
      if (TunnelError.is(error) && error.stage === "tcp") recorder?.ok("dns", performance.now());
      if (TunnelError.is(error)) recorder?.failed(error, started);
      throw error;
    });
    recorder?.ok("dns", performance.now());
  } else {
    const origin = { stage: "dns" as const, field: `${server.field}.host`, server };
    const { address } = await stage(resolveHost(endpoint.host, timeouts.dns, origin, options.policy));
    recorder?.ok("dns", started);
    started = performance.now();
    socket = await stage(
      openTcpSocket(address, endpoint.port, timeouts.tcp, { peer: "bastion", label: capitalised(server.label), server }),
    );
  }
  recorder?.ok("tcp", started);
  started = performance.now();

  const client: Client = new ssh2.Client();
  let phase: "ssh_handshake" | "host_key" | "ssh_auth" = "ssh_handshake";
  let seenFingerprint = "";
  let refusedHostKey = false;
  const who = `${capitalised(server.label)}${server.hop ? ` (${server.hop.host})` : ""}`;
  const fail = (error: TunnelError) => {
    recorder?.failed(error, started);
    client.end();
    socket.destroy();
    return error;
  };

  return new Promise<SshSession>((resolve, reject) => {
    let timer = setTimeout(
      () =>
        reject(
          fail(
            new TunnelError(
              "SSH_HANDSHAKE_TIMEOUT",
              `No SSH handshake from ${endpoint.host}:${endpoint.port} within ${timeouts.sshHandshake} ms`,
              { server },
            ),
          ),
        ),
      timeouts.sshHandshake,
    );
    client.once("ready", () => {
      clearTimeout(timer);
      recorder?.ok("ssh_auth", started);
      client.removeAllListeners("error");
      resolve({
        client,
        socket,
        hostKeyFingerprint: seenFingerprint,
        server,
        openChannel: (host, port, timeoutMs) => openForward(client, host, port, timeoutMs, server),
      });
    });
    client.once("error", (error: Error & { level?: string }) => {
      clearTimeout(timer);
      reject(fail(classifyConnectError(error, phase, refusedHostKey, endpoint, seenFingerprint, server)));
    });
    client.once("close", () => {
      clearTimeout(timer);
      const message = `${who} closed the connection during ${phase}`;
      reject(
        fail(
          phase === "ssh_auth"
            ? new TunnelError("SSH_AUTH_FAILED", message, { server, detail: { user: endpoint.user, closed: true } })
            : new TunnelError("SSH_HANDSHAKE_FAILED", message, { server, detail: { stage: phase, closed: true } }),
        ),
      );
    });
    client.connect({
      sock: socket,
      username: endpoint.user,
      privateKey: endpoint.key.privateKey,
      // ssh2 would try "none" first (a round trip that only fetches the method list): the key alone.
      authHandler: ["publickey"],
      ...(endpoint.key.passphrase ? { passphrase: endpoint.key.passphrase } : {}),
      readyTimeout: timeouts.sshHandshake + timeouts.sshAuth,
      keepaliveInterval: keepalive.intervalMs,
      keepaliveCountMax: keepalive.countMax,
      hostVerifier: (key: Buffer) => {
        recorder?.ok("ssh_handshake", started);
        started = performance.now();
        phase = "host_key";
        seenFingerprint = fingerprintOf(key);
        refusedHostKey = endpoint.pinnedHostKey !== undefined && endpoint.pinnedHostKey !== seenFingerprint;
        if (refusedHostKey) return false;
        recorder?.ok("host_key", started);
        started = performance.now();
        phase = "ssh_auth";
        clearTimeout(timer);
        timer = setTimeout(
          () =>
            reject(fail(new TunnelError("SSH_AUTH_TIMEOUT", `Authentication did not finish within ${timeouts.sshAuth} ms`, { server }))),
          timeouts.sshAuth,
        );
        return true;
      },
    });
    signKeyWithoutQuery(client);
    skipHostKeyProof(client);
  });
}

function classifyConnectError(
  error: Error & { level?: string },
  phase: string,
  refusedHostKey: boolean,
  endpoint: SshEndpoint,
  seen: string,
  server: SshServerRef,
): TunnelError {
  // The hop before went away under this one: that loss is the news, with its own hop.
  if (TunnelError.is(error) && error.code === "TUNNEL_LOST") return error;
  const whose = `${capitalised(server.label)}'s${server.hop ? ` (${server.hop.host})` : ""}`;
  if (refusedHostKey) {
    return new TunnelError(
      "HOST_KEY_MISMATCH",
      `${whose} host key ${seen} is not the pinned ${endpoint.pinnedHostKey}: refused as a possible man-in-the-middle`,
      { cause: error, server, detail: { pooled: false }, hostKeys: { pinned: endpoint.pinnedHostKey!, presented: seen } },
    );
  }
  if (error.level === "client-authentication") {
    return new TunnelError(
      "SSH_AUTH_FAILED",
      `${capitalised(server.label)}${server.hop ? ` (${server.hop.host})` : ""} refused the key for user ${endpoint.user}`,
      { cause: error, server, detail: { user: endpoint.user, closed: false } },
    );
  }
  return new TunnelError("SSH_HANDSHAKE_FAILED", `SSH handshake with ${endpoint.host}:${endpoint.port} failed: ${error.message}`, {
    cause: error,
    server,
    detail: { stage: phase === "ssh_auth" ? "ssh_auth" : "ssh_handshake", closed: false },
  });
}
