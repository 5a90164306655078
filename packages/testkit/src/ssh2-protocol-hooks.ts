import type { Connection } from "ssh2";

type Handler = (...args: unknown[]) => void;

// ssh2 1.17's server connection (lib/server.js): `_protocol` parses packets and looks each handler
// up in `_handlers` when a message arrives, so a handler replaced after 'connection' takes effect.
interface ProtocolInternals {
  _protocol?: {
    _handlers?: Record<string, Handler | undefined>;
    channelOpenFail?: (recipient: number, reason: number, description: string) => void;
  };
}

export interface ProtocolHooks {
  /** True to leave this global request (e.g. keepalive@openssh.com) without a reply. */
  withholdReply(name: string): boolean;
  /** An RFC 4254 reason to refuse this direct-tcpip open with, or undefined to let ssh2 handle it. */
  refuseChannel(): number | undefined;
}

// What OpenSSH's sshd sends with each reason.
const DESCRIPTIONS: Record<number, string> = {
  1: "administratively prohibited: open failed",
  2: "Connection refused",
  3: "unknown channel type",
  4: "open failed",
};

/**
 * ssh2's Server answers every global request itself (keepalives included) and refuses a
 * direct-tcpip channel only with reason 2: its API can neither withhold a reply nor pick a reason.
 * This wraps two of its protocol's message handlers so a fault can do both.
 */
export function hookProtocol(connection: Connection, hooks: ProtocolHooks): void {
  const protocol = (connection as unknown as ProtocolInternals)._protocol;
  const handlers = protocol?._handlers;
  const globalRequest = handlers?.GLOBAL_REQUEST;
  const channelOpen = handlers?.CHANNEL_OPEN;
  const channelOpenFail = protocol?.channelOpenFail?.bind(protocol);
  if (!handlers || !globalRequest || !channelOpen || !channelOpenFail)
    throw new Error("ssh2's server internals changed: update ssh2-protocol-hooks.ts");
  handlers.GLOBAL_REQUEST = (packet, name, ...rest) => {
    if (!hooks.withholdReply(name as string)) globalRequest(packet, name, ...rest);
  };
  handlers.CHANNEL_OPEN = (packet, info) => {
    const open = info as { type: string; sender: number };
    const reason = open.type === "direct-tcpip" ? hooks.refuseChannel() : undefined;
    if (reason === undefined) channelOpen(packet, info);
    else channelOpenFail(open.sender, reason, DESCRIPTIONS[reason] ?? "");
  };
}
