import { jumpHostsOf, sameAddress } from "./stored-jump-hosts.ts";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Pins are sticky (SPEC §9): a PUT whose tunnel leaves out `host_key_fingerprint` keeps the
 * stored pin, `null` clears it. Otherwise a PUT that forgot the field would silently drop the pin
 * and the next connection would trust whichever key the bastion (or an impostor) presents.
 * Each jump host keeps the pin stored for a jump host at the same host and port, wherever it was
 * in the list: a pin belongs to the server, so a reordered list keeps its pins.
 */
export function keepHostKeyPin(incoming: Json, stored: Json): Json {
  const tunnel = incoming.ssh_tunnel;
  // A reverse tunnel has no server of ours to pin: its agent dials in and is known by its key.
  if (!isObject(tunnel) || tunnel.mode === "reverse") return incoming;
  const kept = withPinKept(tunnel, isObject(stored.ssh_tunnel) ? stored.ssh_tunnel.host_key_fingerprint : undefined);
  if (!Array.isArray(kept.jump_hosts)) return { ...incoming, ssh_tunnel: kept };
  const storedHops = jumpHostsOf(stored).filter((hop) => hop !== undefined);
  const hops = kept.jump_hosts.map((hop: unknown) =>
    isObject(hop) ? withPinKept(hop, storedHops.find((was) => sameAddress(hop, was))?.host_key_fingerprint) : hop,
  );
  return { ...incoming, ssh_tunnel: { ...kept, jump_hosts: hops } };
}

function withPinKept(server: Json, pinned: unknown): Json {
  const { host_key_fingerprint: given, ...rest } = server;
  if (given === null) return rest;
  if (given === undefined && typeof pinned === "string") return { ...rest, host_key_fingerprint: pinned };
  return server;
}
