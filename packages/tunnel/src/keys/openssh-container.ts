// The cleartext layout of an "openssh-key-v1" file (OpenSSH PROTOCOL.key): which cipher and KDF
// protect it and which key type it holds are readable without the passphrase.
import { pemBody, pemText } from "./pem-armor.ts";

const MAGIC = Buffer.from("openssh-key-v1\0", "latin1");
const LABEL = "OPENSSH PRIVATE KEY";

export interface OpenSshContainer {
  cipher: string;
  kdf: string;
  kdfOptions: Buffer;
  /** The public key blob of the (first) key, and the type named at its start. */
  publicKey: Buffer;
  keyType: string;
  /** The private section, still encrypted unless cipher is "none". */
  privateSection: Buffer;
  /** Bytes after the private section: an AEAD cipher's authentication tag. */
  trailer: Buffer;
}

/** Reads SSH wire-format fields (uint32 and length-prefixed strings) from a buffer. */
export class SshReader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  uint32(): number {
    if (this.at + 4 > this.bytes.length) throw new RangeError("truncated");
    const value = this.bytes.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }

  string(): Buffer {
    const length = this.uint32();
    if (this.at + length > this.bytes.length) throw new RangeError("truncated");
    const value = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  rest(): Buffer {
    return this.bytes.subarray(this.at);
  }
}

/** The container of an OpenSSH private key text, or undefined when the text is not one (or is cut short). */
export function readOpenSshContainer(text: string): OpenSshContainer | undefined {
  const bytes = pemBody(text, LABEL);
  if (bytes === undefined) return undefined;
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  try {
    const reader = new SshReader(bytes.subarray(MAGIC.length));
    const cipher = reader.string().toString("latin1");
    const kdf = reader.string().toString("latin1");
    const kdfOptions = reader.string();
    if (reader.uint32() < 1) return undefined;
    const publicKey = reader.string();
    const keyType = new SshReader(publicKey).string().toString("latin1");
    const privateSection = reader.string();
    return { cipher, kdf, kdfOptions, publicKey, keyType, privateSection, trailer: reader.rest() };
  } catch {
    return undefined;
  }
}

/** An unencrypted OpenSSH key text holding the given public key and (decrypted) private section. */
export function openSshText(publicKey: Buffer, privateSection: Buffer): string {
  const string = (value: Buffer) => Buffer.concat([uint32(value.length), value]);
  const none = string(Buffer.from("none"));
  const binary = Buffer.concat([MAGIC, none, none, string(Buffer.alloc(0)), uint32(1), string(publicKey), string(privateSection)]);
  return pemText(LABEL, binary, 70);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}
