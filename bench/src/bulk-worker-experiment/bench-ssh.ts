// An SSH connection to the bench's sshd with one chosen cipher, for the bulk experiment only:
// the engine's connectSsh offers ssh2's default order (aes128-gcm first here) and no choice.
import { connect, type Socket } from "node:net";
import ssh2, { type Channel, type Client } from "ssh2";
import { fingerprintOf, openForward } from "@connections/tunnel";

export const CIPHERS = ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "chacha20-poly1305@openssh.com"] as const;
export type Cipher = (typeof CIPHERS)[number];

export interface BenchSshTarget {
  host: string;
  port: number;
  user: string;
  privateKey: string;
  cipher: Cipher;
}

export interface BenchSsh {
  client: Client;
  socket: Socket;
  hostKeyFingerprint: string;
  /** The cipher ssh2 reports for the server-to-client direction. */
  negotiated: string;
  openChannel(host: string, port: number, timeoutMs: number): Promise<Channel>;
}

export function openBenchSsh(target: BenchSshTarget): Promise<BenchSsh> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port, noDelay: true });
    const client = new ssh2.Client();
    let fingerprint = "";
    let negotiated = "";
    client.once("ready", () => {
      client.removeAllListeners("error");
      resolve({
        client,
        socket,
        hostKeyFingerprint: fingerprint,
        negotiated,
        openChannel: (host, port, timeoutMs) => openForward(client, host, port, timeoutMs),
      });
    });
    client.once("error", reject);
    socket.once("connect", () =>
      client.connect({
        sock: socket,
        username: target.user,
        privateKey: target.privateKey,
        algorithms: {
          cipher: [target.cipher],
          // CTR needs a MAC; the GCM and chacha20 ciphers carry their own.
          hmac: ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-256"],
        },
        hostVerifier: (key: Buffer) => {
          fingerprint = fingerprintOf(key);
          return true;
        },
        debug: (line: string) => {
          const match = /^Handshake: S->C cipher: (\S+)/.exec(line);
          if (match) negotiated = match[1]!;
        },
      }),
    );
    socket.once("error", reject);
  });
}
