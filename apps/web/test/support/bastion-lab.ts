import { connect } from "node:net";
import {
  createNetworkLab,
  makeCertificates,
  networkLabAvailable,
  scratchDir,
  sshKeygen,
  startSshd,
  type GeneratedKey,
  type NetworkLab,
  type SshdServer,
  type TestCertificates,
} from "@connections/testkit";

/** Where a test database runs: inside the private namespace, or on loopback when namespaces are unavailable. */
export interface Placement {
  netns?: string;
  bindAddress: string;
}

export interface BastionLab {
  /** The database address as the bastion sees it (the config's `host`). */
  dbHost: string;
  db: Placement;
  /** Where the bastion runs, for extra servers a test puts beside it. */
  bastion: Placement;
  sshd: SshdServer;
  key: GeneratedKey;
  certificates: TestCertificates;
  /** True when the database is really unreachable except through the bastion. */
  isolated: boolean;
  /** The namespaces, when the lab has them (partition tests need them). */
  network: NetworkLab | undefined;
  stop(): Promise<void>;
}

/**
 * A real OpenSSH bastion in front of a private network: with namespaces, the test process (and
 * the server under test) can reach only the bastion; the database listens in a namespace only the
 * bastion reaches. Without them, everything is on loopback.
 */
export async function startBastionLab(): Promise<BastionLab> {
  const lab: NetworkLab | undefined = networkLabAvailable() ? await createNetworkLab() : undefined;
  const dir = scratchDir("lab");
  try {
    const key = sshKeygen(dir, "bastion-user");
    const bastion: Placement = lab ? { netns: lab.bastionNs, bindAddress: lab.bastionAddress } : { bindAddress: "127.0.0.1" };
    const sshd = await startSshd({ authorizedKeys: [key.publicKey], ...bastion });
    const dbHost = lab?.privateAddress ?? "127.0.0.1";
    const certificates = makeCertificates(dir, { dnsNames: ["db.internal"], ips: [dbHost] });
    return {
      dbHost,
      db: lab ? { netns: lab.privateNs, bindAddress: lab.privateAddress } : { bindAddress: "127.0.0.1" },
      bastion,
      sshd,
      key,
      certificates,
      isolated: lab !== undefined,
      network: lab,
      async stop() {
        await sshd.stop();
        await lab?.destroy();
      },
    };
  } catch (error) {
    await lab?.destroy();
    throw error;
  }
}

/** The `ssh_tunnel` block for the lab's bastion (or any sshd with the key it accepts). */
export function tunnelConfig(lab: Pick<BastionLab, "sshd" | "key">, overrides: Record<string, unknown> = {}) {
  return { host: lab.sshd.host, port: lab.sshd.port, user: lab.sshd.user, private_key: lab.key.privateKey, ...overrides };
}

/** Whether this process can open a TCP connection to host:port (within a second). */
export function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}
