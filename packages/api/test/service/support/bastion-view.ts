import type { PublicBastionTunnel, PublicSshTunnel } from "@connections/core";

/** The tunnel of a connection as returned, known to go through a bastion (fails the test otherwise). */
export function bastionView(config: { ssh_tunnel?: PublicSshTunnel | undefined }): PublicBastionTunnel {
  const tunnel = config.ssh_tunnel;
  if (tunnel?.mode !== "bastion") throw new Error(`expected a bastion tunnel, got ${JSON.stringify(tunnel?.mode)}`);
  return tunnel;
}
