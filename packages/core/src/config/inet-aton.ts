// Resolvers (glibc's inet_aton, so OpenSSH on a bastion and getaddrinfo) read more than dotted
// quads as IPv4: one to four parts, each decimal, octal (leading 0) or hex (0x), the last part
// filling the remaining bytes. `2852039166`, `0xa9fea9fe`, `0251.0376.0251.0376` and
// `169.254.43518` are all 169.254.169.254.

const PART_LIMITS: Record<number, readonly number[]> = {
  1: [0xffffffff],
  2: [0xff, 0xffffff],
  3: [0xff, 0xff, 0xffff],
  4: [0xff, 0xff, 0xff, 0xff],
};

function partValue(part: string): number | null {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (/^0[0-7]*$/.test(part)) return parseInt(part, 8);
  if (/^[1-9][0-9]*$/.test(part)) return Number(part);
  return null;
}

/** The dotted-quad IPv4 address a resolver reads `host` as, or null when it is not a numeric IPv4 form. */
export function inetAtonAddress(host: string): string | null {
  const parts = host.split(".");
  const limits = PART_LIMITS[parts.length];
  if (!limits) return null;
  let value = 0;
  for (const [index, part] of parts.entries()) {
    const number = partValue(part);
    const limit = limits[index];
    if (number === null || limit === undefined || number > limit) return null;
    value = index === parts.length - 1 ? value * (limit + 1) + number : value * 256 + number;
  }
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** A numeric IPv4 form other than the plain dotted quad it stands for, as the quad; else null. */
export function nonCanonicalIpv4(host: string): string | null {
  const address = inetAtonAddress(host);
  return address !== null && address !== host ? address : null;
}
