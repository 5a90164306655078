import type { SshPeer } from "./connect-ssh.ts";

// ssh2's own keepalive sends this request on a timer only; its protocol object is the one way to
// send one now. Reached as ssh2's Client does itself; a test checks it stays in place.
interface PeerInternals {
  _protocol?: { ping?: () => void };
  /** A client's queue of global-request replies, answered in order (ssh2's own keepalive adds to it too). */
  _callbacks?: Array<() => void>;
}

/**
 * Sends keepalive@openssh.com with want-reply (the peer must answer). On a client, whose replies
 * are queued in order, `onAnswer` runs when its answer comes ("queued"); a server's peer keeps no
 * queue ("sent"). False when ssh2 no longer offers the request.
 */
export function sendKeepaliveRequest(client: SshPeer, onAnswer: () => void = () => {}): "queued" | "sent" | false {
  const peer = client as unknown as PeerInternals;
  const protocol = peer._protocol;
  if (typeof protocol?.ping !== "function") return false;
  // Every request wanting a reply needs its place in the queue, or the reply is taken for another's.
  const queued = Array.isArray(peer._callbacks);
  if (queued) peer._callbacks!.push(onAnswer);
  protocol.ping();
  return queued ? "queued" : "sent";
}
