import { isIP } from "node:net";

/**
 * Test servers listen only on loopback or on a network lab's own addresses (198.18.0.0/15, see
 * network-lab.ts): never a wildcard, never an address of a real network.
 */
export function assertTestAddress(address: string, who: string): void {
  const v4 = isIP(address) === 4 ? address.split(".").map(Number) : undefined;
  const ok = (v4 !== undefined && (v4[0] === 127 || (v4[0] === 198 && (v4[1] === 18 || v4[1] === 19)))) || address === "::1";
  if (!ok) throw new Error(`${who}: bindAddress must be loopback or a network lab address (198.18.0.0/15), got ${JSON.stringify(address)}`);
}
