// PKCS#8 v2 (RFC 5958 OneAsymmetricKey, version 1) adds the public key after the private key.
// OpenSSL does not read every such file, so rewrite it as v1 (version 0, no public key) and
// keep the embedded public key to check against the one the private key gives.

interface Tlv {
  tag: number;
  content: Buffer;
  /** The whole element, header included. */
  raw: Buffer;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const PUBLIC_KEY_IMPLICIT = 0x81;
const PUBLIC_KEY_EXPLICIT = 0xa1;

export interface Pkcs8V1 {
  der: Buffer;
  /** The raw public key bytes the file carried. */
  publicKey: Buffer;
}

/** The v1 form of a PKCS#8 v2 DER key with its embedded public key, or undefined when it is not one. */
export function downgradePkcs8V2(der: Buffer): Pkcs8V1 | undefined {
  try {
    const outer = readTlv(der, 0);
    if (outer.tag !== SEQUENCE) return undefined;
    const fields = children(outer.content);
    const [version, ...rest] = fields;
    if (version?.tag !== INTEGER || !version.content.equals(Buffer.from([1]))) return undefined;
    const publicField = rest.find((field) => field.tag === PUBLIC_KEY_IMPLICIT || field.tag === PUBLIC_KEY_EXPLICIT);
    if (!publicField) return undefined;
    const bits = publicField.tag === PUBLIC_KEY_IMPLICIT ? publicField.content : bitStringContent(publicField.content);
    const kept = rest.filter((field) => field !== publicField).map((field) => field.raw);
    const v1 = encode(SEQUENCE, Buffer.concat([encode(INTEGER, Buffer.from([0])), ...kept]));
    return { der: v1, publicKey: bits.subarray(1) };
  } catch {
    return undefined;
  }
}

function bitStringContent(explicit: Buffer): Buffer {
  const inner = readTlv(explicit, 0);
  if (inner.tag !== BIT_STRING) throw new RangeError("not a BIT STRING");
  return inner.content;
}

function children(content: Buffer): Tlv[] {
  const list: Tlv[] = [];
  for (let at = 0; at < content.length;) {
    const tlv = readTlv(content, at);
    list.push(tlv);
    at += tlv.raw.length;
  }
  return list;
}

function readTlv(bytes: Buffer, at: number): Tlv {
  const tag = bytes[at];
  let length = bytes[at + 1];
  if (tag === undefined || length === undefined) throw new RangeError("truncated");
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count < 1 || count > 3) throw new RangeError("unsupported length");
    length = bytes.readUIntBE(at + 2, count);
    header += count;
  }
  if (at + header + length > bytes.length) throw new RangeError("truncated");
  return { tag, content: bytes.subarray(at + header, at + header + length), raw: bytes.subarray(at, at + header + length) };
}

function encode(tag: number, content: Buffer): Buffer {
  const length = content.length;
  const header =
    length < 0x80
      ? Buffer.from([tag, length])
      : length < 0x100
        ? Buffer.from([tag, 0x81, length])
        : Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  return Buffer.concat([header, content]);
}
