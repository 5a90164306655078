import type { Client } from "ssh2";

// After login OpenSSH announces its other host keys (hostkeys-00@openssh.com) and ssh2 answers,
// unasked, with a request that the server prove them: the bastion signs with every host key just
// as the first channel opens, and the answer crosses the link. The engine pins one key and never
// reads the others (ssh2's "hostkeys" event), so the announcement is acknowledged and not proved.
// ssh2 has no option for it; this replaces its handler the way empty-packet.ts reaches the
// protocol, and a test checks these internals stay in place.

type GlobalRequestHandler = (protocol: ProtocolInternals, name: string, wantReply: boolean, data: unknown) => void;

interface ProtocolInternals {
  _handlers?: { GLOBAL_REQUEST?: GlobalRequestHandler };
  requestSuccess?: () => void;
}

const HOSTKEYS = "hostkeys-00@openssh.com";

/** True when `skipHostKeyProof` can reach ssh2's handler on this (connecting) client. */
export function canSkipHostKeyProof(client: Client): boolean {
  const protocol = (client as unknown as { _protocol?: ProtocolInternals })._protocol;
  return typeof protocol?._handlers?.GLOBAL_REQUEST === "function" && typeof protocol.requestSuccess === "function";
}

/** Call right after `client.connect()`. Returns false, changing nothing, if the internals moved. */
export function skipHostKeyProof(client: Client): boolean {
  if (!canSkipHostKeyProof(client)) return false;
  const handlers = (client as unknown as { _protocol: Required<ProtocolInternals> })._protocol._handlers;
  const handle = handlers.GLOBAL_REQUEST!;
  handlers.GLOBAL_REQUEST = (protocol, name, wantReply, data) => {
    if (name !== HOSTKEYS) return handle(protocol, name, wantReply, data);
    if (wantReply) protocol.requestSuccess?.();
  };
  return true;
}
