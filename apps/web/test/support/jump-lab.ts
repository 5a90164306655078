import {
  createNetworkLab,
  makeCertificates,
  networkLabAvailable,
  scratchDir,
  sshKeygen,
  startOpenSshForward,
  startSshd,
  type GeneratedKey,
  type NetworkLab,
  type OpenSshForward,
  type OpenSshHop,
  type SshdServer,
  type TestCertificates,
} from "@connections/testkit";
import { tunnelConfig, type Placement } from "./bastion-lab.ts";

/** One SSH server of the chain. */
export interface JumpLabHop {
  sshd: SshdServer;
  /** This hop's own client key. The bastion's is the tunnel's key (`private_key`). */
  key: GeneratedKey;
  /** Where the hop runs, for extra servers a test puts beside it. */
  placement: Placement;
}

export interface JumpLab {
  /** The database address as the bastion sees it (the config's `host` for the database). */
  dbHost: string;
  db: Placement;
  /** The jump host the service reaches; it accepts its own key and the tunnel's key. */
  jump: JumpLabHop;
  /** The bastion, reached only through the jump host; it accepts the tunnel's key only. */
  bastion: JumpLabHop;
  certificates: TestCertificates;
  /** True when the bastion and the database are really unreachable except through the chain. */
  isolated: boolean;
  /** The namespaces, when the lab has them (partition tests need them). */
  network: NetworkLab | undefined;
  stop(): Promise<void>;
}

/**
 * Real OpenSSH servers in a chain, service → jump host → bastion → database: with namespaces, the
 * test process (and the server under test) reaches only the jump host, the jump host only the
 * bastion, the bastion only the database's namespace. Without them, everything is on loopback.
 */
export async function startJumpLab(): Promise<JumpLab> {
  const network = networkLabAvailable() ? await createNetworkLab({ jumpHosts: 1 }) : undefined;
  const started: SshdServer[] = [];
  const stopAll = async () => {
    for (const sshd of started) await sshd.stop();
    await network?.destroy();
  };
  try {
    const dir = scratchDir("jump-lab");
    const at = (netns: string | undefined, address: string | undefined): Placement =>
      netns && address ? { netns, bindAddress: address } : { bindAddress: "127.0.0.1" };
    const jumpPlacement = at(network?.jumpNs[0], network?.jumpAddresses[0]);
    const bastionPlacement = at(network?.bastionNs, network?.bastionAddress);
    const db = at(network?.privateNs, network?.privateAddress);
    const jumpKey = sshKeygen(dir, "jump-user");
    const tunnelKey = sshKeygen(dir, "bastion-user");
    const jumpSshd = await startSshd({ authorizedKeys: [jumpKey.publicKey, tunnelKey.publicKey], ...jumpPlacement });
    started.push(jumpSshd);
    const bastionSshd = await startSshd({ authorizedKeys: [tunnelKey.publicKey], ...bastionPlacement });
    started.push(bastionSshd);
    return {
      dbHost: db.bindAddress,
      db,
      jump: { sshd: jumpSshd, key: jumpKey, placement: jumpPlacement },
      bastion: { sshd: bastionSshd, key: tunnelKey, placement: bastionPlacement },
      certificates: makeCertificates(dir, { dnsNames: ["db.internal"], ips: [db.bindAddress] }),
      isolated: network !== undefined,
      network,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The `ssh_tunnel` block through the chain (SPEC §10): the bastion at the top level, as the jump
 * host sees it, with the tunnel's key; the jump host in `jump_hosts` without a key of its own, so
 * it is offered the tunnel's key. Overrides replace top-level fields (including `jump_hosts`).
 */
export function jumpTunnelConfig(lab: JumpLab, overrides: Record<string, unknown> = {}) {
  const { sshd } = lab.jump;
  return tunnelConfig(lab.bastion, { jump_hosts: [{ host: sshd.host, port: sshd.port, user: sshd.user }], ...overrides });
}

/**
 * OpenSSH's own `ssh -J jump bastion -L 127.0.0.1:<port>:<dbHost>:<dbPort>` through the lab, the
 * jump host logging in with `jumpKey` (default its own key) and the bastion with the tunnel's key.
 */
export function startSshJumpForward(
  lab: JumpLab,
  dbPort: number,
  keys: { jumpKey?: GeneratedKey; bastionKey?: GeneratedKey } = {},
): Promise<OpenSshForward> {
  const hop = (sshd: SshdServer, key: GeneratedKey): OpenSshHop => ({
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    identityFile: key.path,
  });
  return startOpenSshForward({
    jumpHosts: [hop(lab.jump.sshd, keys.jumpKey ?? lab.jump.key)],
    server: hop(lab.bastion.sshd, keys.bastionKey ?? lab.bastion.key),
    target: { host: lab.dbHost, port: dbPort },
  });
}
