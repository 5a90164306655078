import type { Channel } from "ssh2";

// ssh2 has no public call that sends a packet without side effects, so this reaches the channel's
// protocol object the way ssh2's own Channel does. A test checks these internals stay in place.
interface ChannelInternals {
  outgoing?: { id?: number };
  _client?: { _protocol?: { channelWindowAdjust?: (remoteId: number, bytes: number) => void } };
}

/** True when `sendEmptyPacket` can reach ssh2's protocol for this channel. */
export function canSendEmptyPacket(channel: Channel): boolean {
  const internals = channel as unknown as ChannelInternals;
  return typeof internals.outgoing?.id === "number" && typeof internals._client?._protocol?.channelWindowAdjust === "function";
}

/**
 * Sends SSH_MSG_CHANNEL_WINDOW_ADJUST of 0 bytes: a valid packet that changes nothing on either
 * side and needs no reply, so the TCP segment carrying it acknowledges what we received.
 */
export function sendEmptyPacket(channel: Channel): void {
  const internals = channel as unknown as ChannelInternals;
  const remoteId = internals.outgoing?.id;
  if (remoteId !== undefined) internals._client?._protocol?.channelWindowAdjust?.(remoteId, 0);
}
