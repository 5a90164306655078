import type { Socket } from "node:net";
import ssh2, { type Client } from "ssh2";
import type { UsableKey } from "../keys/parse-private-key.ts";
import { fingerprintOf } from "../keys/public-key.ts";
import type { TargetPolicy } from "../policy/target-policy.ts";
import { skipHostKeyProof } from "./host-key-proof.ts";
import { openTcpSocket } from "./open-tcp-socket.ts";
import { resolveHost } from "./resolve-host.ts";
import { signKeyWithoutQuery } from "./signed-key-auth.ts";
import type { StageRecorder } from "./stage-recorder.ts";
import { DEFAULT_KEEPALIVE, type Keepalive, type StageTimeouts } from "./timeouts.ts";
import { TunnelError } from "./tunnel-error.ts";

export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
  key: UsableKey;
  /** SHA256:… pin; without one the key seen is accepted and reported (trust on first use). */
  pinnedHostKey: string | undefined;
}

export interface SshSession {
  client: Client;
  /** The TCP socket under the SSH connection; its end is the earliest sign the connection died. */
  socket: Socket;
  hostKeyFingerprint: string;
}

export interface ConnectSshOptions {
  /** Which addresses the bastion may have. */
  policy: TargetPolicy;
  recorder?: StageRecorder | undefined;
  keepalive?: Keepalive | undefined;
}

/**
 * Opens an SSH connection stage by stage (dns, tcp, ssh_handshake, host_key, ssh_auth), each with
 * its own timeout and typed error. Keepalives expect replies, so a silent peer is noticed within
 * intervalMs × (countMax + 1): a minute with the defaults.
 */
export async function connectSsh(
  endpoint: SshEndpoint,
  timeouts: StageTimeouts,
  { policy, recorder, keepalive = DEFAULT_KEEPALIVE }: ConnectSshOptions,
): Promise<SshSession> {
  let started = performance.now();
  const stage = <T>(work: Promise<T>) =>
    work.catch((error: unknown) => {
      if (TunnelError.is(error)) recorder?.failed(error, started);
      throw error;
    });

  const { address } = await stage(resolveHost(endpoint.host, timeouts.dns, { stage: "dns", field: "ssh_tunnel.host" }, policy));
  recorder?.ok("dns", started);
  started = performance.now();
  const socket = await stage(openTcpSocket(address, endpoint.port, timeouts.tcp, { peer: "bastion", label: "The bastion" }));
  recorder?.ok("tcp", started);
  started = performance.now();

  const client: Client = new ssh2.Client();
  let phase: "ssh_handshake" | "host_key" | "ssh_auth" = "ssh_handshake";
  let seenFingerprint = "";
  let refusedHostKey = false;
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
            ),
          ),
        ),
      timeouts.sshHandshake,
    );
    client.once("ready", () => {
      clearTimeout(timer);
      recorder?.ok("ssh_auth", started);
      client.removeAllListeners("error");
      resolve({ client, socket, hostKeyFingerprint: seenFingerprint });
    });
    client.once("error", (error: Error & { level?: string }) => {
      clearTimeout(timer);
      reject(fail(classifyConnectError(error, phase, refusedHostKey, endpoint, seenFingerprint)));
    });
    client.once("close", () => {
      clearTimeout(timer);
      const message = `The bastion closed the connection during ${phase}`;
      reject(
        fail(
          phase === "ssh_auth"
            ? new TunnelError("SSH_AUTH_FAILED", message, { detail: { user: endpoint.user, closed: true } })
            : new TunnelError("SSH_HANDSHAKE_FAILED", message, { detail: { stage: phase, closed: true } }),
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
          () => reject(fail(new TunnelError("SSH_AUTH_TIMEOUT", `Authentication did not finish within ${timeouts.sshAuth} ms`))),
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
): TunnelError {
  if (refusedHostKey) {
    return new TunnelError(
      "HOST_KEY_MISMATCH",
      `The bastion's host key ${seen} is not the pinned ${endpoint.pinnedHostKey}: refused as a possible man-in-the-middle`,
      {
        cause: error,
        detail: { pooled: false },
      },
    );
  }
  if (error.level === "client-authentication") {
    return new TunnelError("SSH_AUTH_FAILED", `The bastion refused the key for user ${endpoint.user}`, {
      cause: error,
      detail: { user: endpoint.user, closed: false },
    });
  }
  return new TunnelError("SSH_HANDSHAKE_FAILED", `SSH handshake with ${endpoint.host}:${endpoint.port} failed: ${error.message}`, {
    cause: error,
    detail: { stage: phase === "ssh_auth" ? "ssh_auth" : "ssh_handshake", closed: false },
  });
}
