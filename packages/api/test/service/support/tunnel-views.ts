import type { PublicBastionTunnel, PublicReverseTunnel, PublicSshTunnel } from "@connections/core";

/** The tunnel of a connection as returned, known to go through a bastion (fails the test otherwise). */
export function bastionView(config: { ssh_tunnel?: PublicSshTunnel | undefined }): PublicBastionTunnel {
  const tunnel = config.ssh_tunnel;
  if (tunnel?.mode !== "bastion") throw new Error(`expected a bastion tunnel, got ${JSON.stringify(tunnel?.mode)}`);
  return tunnel;
}

/** The same for a reverse tunnel. */
export function reverseView(config: { ssh_tunnel?: PublicSshTunnel | undefined }): PublicReverseTunnel {
  const tunnel = config.ssh_tunnel;
  if (tunnel?.mode !== "reverse") throw new Error(`expected a reverse tunnel, got ${JSON.stringify(tunnel?.mode)}`);
  return tunnel;
}
