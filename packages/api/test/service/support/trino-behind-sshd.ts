import { scratchDir, sshKeygen, startSshd, startTrinoPeer, type SshdServer } from "@connections/testkit";

export const TRINO = "dynamiq.connections.Trino" as const;
const PEER = { user: "analyst", password: "svc-trino-password" };

export interface TrinoBehindSshd {
  sshd: SshdServer;
  peer: Awaited<ReturnType<typeof startTrinoPeer>>;
  /** A Trino config that reaches the peer through the sshd with a key it accepts. */
  config: () => TrinoTunnelConfig;
  stop: () => Promise<void>;
}

export type TrinoTunnelConfig = ReturnType<typeof tunnelledConfig>;

function tunnelledConfig(sshd: SshdServer, peerPort: number, privateKey: string) {
  return {
    host: "127.0.0.1",
    port: peerPort,
    ...PEER,
    catalog: "memory",
    schema: "default",
    ssh_tunnel: { host: sshd.host, port: sshd.port, user: sshd.user, private_key: privateKey },
  };
}

/**
 * A real OpenSSH sshd on loopback and, behind it, the protocol-faithful Trino peer (in-process,
 * backed by SQLite): both start in milliseconds.
 */
export async function startTrinoBehindSshd(): Promise<TrinoBehindSshd> {
  const key = sshKeygen(scratchDir("keys"), "bastion");
  const [sshd, peer] = await Promise.all([startSshd({ authorizedKeys: [key.publicKey] }), startTrinoPeer({ auth: PEER })]);
  return {
    sshd,
    peer,
    config: () => tunnelledConfig(sshd, peer.port, key.privateKey),
    stop: async () => {
      await peer.stop();
      await sshd.stop();
    },
  };
}
