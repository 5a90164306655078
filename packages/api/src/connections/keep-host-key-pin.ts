type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Pins are sticky (SPEC §9): a PUT whose tunnel leaves out `host_key_fingerprint` keeps the
 * stored pin, `null` clears it. Otherwise a PUT that forgot the field would silently drop the pin
 * and the next connection would trust whichever key the bastion (or an impostor) presents.
 */
export function keepHostKeyPin(incoming: Json, stored: Json): Json {
  const tunnel = incoming.ssh_tunnel;
  if (!isObject(tunnel)) return incoming;
  const { host_key_fingerprint: given, ...rest } = tunnel;
  if (given === null) return { ...incoming, ssh_tunnel: rest };
  const pinned = isObject(stored.ssh_tunnel) ? stored.ssh_tunnel.host_key_fingerprint : undefined;
  if (given === undefined && typeof pinned === "string") return { ...incoming, ssh_tunnel: { ...rest, host_key_fingerprint: pinned } };
  return incoming;
}
