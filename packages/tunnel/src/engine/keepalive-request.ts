import type { SshPeer } from "./connect-ssh.ts";

// ssh2's own keepalive sends this request on a timer only; its protocol object is the one way to
// send one now. Reached as ssh2's Client does itself; a test checks it stays in place.
interface ClientInternals {
  _protocol?: { ping?: () => void };
}

/** Sends keepalive@openssh.com with want-reply (the bastion must answer); false when ssh2 no longer offers it. */
export function sendKeepaliveRequest(client: SshPeer): boolean {
  const protocol = (client as unknown as ClientInternals)._protocol;
  if (typeof protocol?.ping !== "function") return false;
  protocol.ping();
  return true;
}
