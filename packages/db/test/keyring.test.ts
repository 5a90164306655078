import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError, Keyring } from "../src/index.ts";

const k1 = { id: "k1", key: randomBytes(32) };
const k2 = { id: "k2", key: randomBytes(32) };
const AD = "connection:conn_1:password";

describe("Keyring encrypt/decrypt", () => {
  const keyring = new Keyring(k1);

  it("round-trips text, including empty and non-ASCII", () => {
    for (const plaintext of ["hunter2", "", "pässwörd 🔑", "x".repeat(10_000)]) {
      expect(keyring.decrypt(keyring.encrypt(plaintext, AD), AD)).toBe(plaintext);
    }
  });

  it("writes v1:<key id>:<iv>:<body> and never the plaintext", () => {
    const ciphertext = keyring.encrypt("hunter2", AD);
    expect(ciphertext).toMatch(/^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(ciphertext).not.toContain("hunter2");
    expect(ciphertext).not.toContain(Buffer.from("hunter2").toString("base64url"));
  });

  it("gives a different ciphertext each time (fresh IV)", () => {
    const a = keyring.encrypt("same", AD);
    const b = keyring.encrypt("same", AD);
    expect(a).not.toBe(b);
    expect(a.split(":")[2]).not.toBe(b.split(":")[2]);
  });

  it("binds the ciphertext to its associated data", () => {
    const ciphertext = keyring.encrypt("hunter2", AD);
    for (const other of ["connection:conn_2:password", "connection:conn_1:ssh_tunnel.private_key", ""]) {
      expect(() => keyring.decrypt(ciphertext, other)).toThrow(DecryptionError);
    }
  });

  it("names the row and field, never the plaintext, when authentication fails", () => {
    const ciphertext = keyring.encrypt("hunter2", AD);
    const error = catchError(() => keyring.decrypt(ciphertext, "connection:conn_2:password"));
    expect(error).toBeInstanceOf(DecryptionError);
    expect(error.name).toBe("DecryptionError");
    expect(error.message).toContain("connection:conn_2:password");
    expect(error.message).not.toContain("hunter2");
  });

  it("detects a tampered body, IV or tag", () => {
    const ciphertext = keyring.encrypt("hunter2 is my password", AD);
    const [format, id, iv, body] = ciphertext.split(":") as [string, string, string, string];
    const bytes = Buffer.from(body, "base64url");
    const flip = (buffer: Buffer, at: number) => {
      const copy = Buffer.from(buffer);
      copy[at]! ^= 0x01;
      return copy.toString("base64url");
    };
    const tampered = [
      [format, id, iv, flip(bytes, 0)], // first ciphertext byte
      [format, id, iv, flip(bytes, bytes.length - 1)], // last tag byte
      [format, id, flip(Buffer.from(iv, "base64url"), 0), body],
      [format, id, iv, bytes.subarray(0, bytes.length - 1).toString("base64url")], // truncated
    ];
    for (const parts of tampered) {
      expect(() => keyring.decrypt(parts.join(":"), AD)).toThrow(DecryptionError);
    }
  });

  it("rejects text that is not a v1 ciphertext", () => {
    for (const text of ["hunter2", "v2:k1:aaaa:bbbb", "v1:k1:aaaa", ""]) {
      expect(() => keyring.decrypt(text, AD)).toThrow(/not a v1 ciphertext/);
    }
  });

  it("fails for an unknown key id with a message naming that id", () => {
    const other = new Keyring({ id: "prod-2024", key: randomBytes(32) });
    const error = catchError(() => keyring.decrypt(other.encrypt("hunter2", AD), AD));
    expect(error).toBeInstanceOf(DecryptionError);
    expect(error.message).toContain('"prod-2024"');
  });

  it("fails when a different key is registered under the same id", () => {
    const impostor = new Keyring({ id: "k1", key: randomBytes(32) });
    expect(() => keyring.decrypt(impostor.encrypt("hunter2", AD), AD)).toThrow(DecryptionError);
  });
});

describe("Keyring rotation", () => {
  const old = new Keyring(k1);
  const rotated = new Keyring(k2, [k1]);

  it("encrypts under the current key", () => {
    expect(rotated.encrypt("x", AD).split(":")[1]).toBe("k2");
  });

  it("decrypts ciphertexts made under a previous key", () => {
    expect(rotated.decrypt(old.encrypt("hunter2", AD), AD)).toBe("hunter2");
  });

  it("reports old ciphertexts as stale and new ones as not", () => {
    expect(rotated.isStale(old.encrypt("x", AD))).toBe(true);
    expect(rotated.isStale(rotated.encrypt("x", AD))).toBe(false);
  });

  it("the old keyring cannot read what the new one wrote", () => {
    expect(() => old.decrypt(rotated.encrypt("x", AD), AD)).toThrow(/"k2"/);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("Keyring tag and format strictness", () => {
  const keyring = new Keyring(k1);

  it("refuses a truncated authentication tag (GCM would accept 4-byte tags)", () => {
    const [format, id, iv, body] = keyring.encrypt("", AD).split(":");
    const shortTag = Buffer.from(body!, "base64url").subarray(0, 4).toString("base64url");
    expect(() => keyring.decrypt([format, id, iv, shortTag].join(":"), AD)).toThrow(DecryptionError);
  });

  it("refuses extra fields after the ciphertext", () => {
    expect(() => keyring.decrypt(`${keyring.encrypt("x", AD)}:junk`, AD)).toThrow(/not a v1 ciphertext/);
  });
});
