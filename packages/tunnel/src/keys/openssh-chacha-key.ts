/// <reference path="./bcrypt-pbkdf.d.ts" />
// OpenSSH keys encrypted with chacha20-poly1305@openssh.com, which ssh2 cannot decrypt.
// OpenSSH (cipher-chachapoly.c) derives 64 bytes with bcrypt_pbkdf and uses the first 32 as the
// ChaCha20 key (original 64-bit-counter/64-bit-nonce variant, nonce = sequence number 0):
// block 0 of the keystream is the Poly1305 key, the private section is encrypted from block 1,
// and the 16-byte Poly1305 tag over the ciphertext follows it.
import { createDecipheriv, timingSafeEqual } from "node:crypto";
import { poly1305 } from "@noble/ciphers/_poly1305.js";
import { pbkdf } from "bcrypt-pbkdf";
import { openSshText, SshReader, type OpenSshContainer } from "./openssh-container.ts";

export const CHACHA_CIPHER = "chacha20-poly1305@openssh.com";
const TAG_LENGTH = 16;

/**
 * The key as an unencrypted OpenSSH text, or undefined when the passphrase does not decrypt it
 * (the Poly1305 tag does not match, so nothing was decrypted with a wrong key).
 */
export function decryptChachaKey(container: OpenSshContainer, passphrase: string): string | undefined {
  const options = new SshReader(container.kdfOptions);
  const salt = options.string();
  const rounds = options.uint32();
  const pass = Buffer.from(passphrase, "utf8");
  const key = Buffer.alloc(64);
  if (pbkdf(pass, pass.length, salt, salt.length, key, key.length, rounds) !== 0) return undefined;
  const mainKey = key.subarray(0, 32);
  const tag = container.trailer.subarray(0, TAG_LENGTH);
  if (tag.length !== TAG_LENGTH) return undefined;
  const polyKey = chacha20(mainKey, 0n, Buffer.alloc(32));
  const expected = Buffer.from(poly1305(container.privateSection, polyKey));
  if (!timingSafeEqual(expected, tag)) return undefined;
  return openSshText(container.publicKey, chacha20(mainKey, 1n, container.privateSection));
}

// OpenSSL's 16-byte ChaCha20 IV is state words 12–15: here a 64-bit little-endian block counter
// followed by the 64-bit nonce (the sequence number, 0 for a key file).
function chacha20(key: Buffer, counter: bigint, input: Buffer): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64LE(counter, 0);
  const decipher = createDecipheriv("chacha20", key, iv);
  return Buffer.concat([decipher.update(input), decipher.final()]);
}
