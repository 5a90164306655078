import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Keyring, MasterKeyError, generateMasterKey, parseMasterKey } from "../src/index.ts";

const KEY_B64 = randomBytes(32).toString("base64");
const VALID = `k1:${KEY_B64}`;

function masterKeyError(fn: () => unknown): MasterKeyError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MasterKeyError);
    return error as MasterKeyError;
  }
  throw new Error("expected a MasterKeyError");
}

describe("parseMasterKey", () => {
  it("reads id and 32 key bytes", () => {
    const key = parseMasterKey(VALID, "CONNECTIONS_ENCRYPTION_KEY");
    expect(key.id).toBe("k1");
    expect(key.key.equals(Buffer.from(KEY_B64, "base64"))).toBe(true);
  });

  it("trims surrounding whitespace (a trailing newline from a .env file)", () => {
    expect(parseMasterKey(`  ${VALID}\n`, "X").id).toBe("k1");
  });

  it("accepts base64url key text", () => {
    const bytes = randomBytes(32);
    expect(parseMasterKey(`k_2-a:${bytes.toString("base64url")}`, "X").key.equals(bytes)).toBe(true);
  });

  it.each([
    ["no id", KEY_B64],
    ["an empty id", `:${KEY_B64}`],
    ["an id with spaces", `my key:${KEY_B64}`],
    ["an empty key", "k1:"],
    ["non-base64 characters", `k1:${KEY_B64.slice(0, -2)}!!`],
  ])("rejects %s as malformed, naming the variable", (_what, text) => {
    const error = masterKeyError(() => parseMasterKey(text, "CONNECTIONS_ENCRYPTION_KEY"));
    expect(error.name).toBe("MasterKeyError");
    expect(error.message).toMatch(/^CONNECTIONS_ENCRYPTION_KEY is malformed/);
  });

  it("rejects a key that is not 32 bytes, saying how many it had", () => {
    const short = randomBytes(16).toString("base64");
    expect(masterKeyError(() => parseMasterKey(`k1:${short}`, "X")).message).toContain("not 16");
    const long = randomBytes(64).toString("base64");
    expect(masterKeyError(() => parseMasterKey(`k1:${long}`, "X")).message).toContain("not 64");
  });
});

describe("generateMasterKey", () => {
  it("makes a key parseMasterKey accepts, under the given id", () => {
    const text = generateMasterKey("local-1");
    const key = parseMasterKey(text, "X");
    expect(key.id).toBe("local-1");
    expect(key.key).toHaveLength(32);
  });

  it("makes a different key each time", () => {
    expect(generateMasterKey("k1")).not.toBe(generateMasterKey("k1"));
  });
});

describe("Keyring.fromEnv", () => {
  it("builds a keyring from the current and previous keys", () => {
    const previous = generateMasterKey("k0");
    const older = generateMasterKey("k-1");
    const keyring = Keyring.fromEnv({ current: VALID, previous: ` ${previous} , ${older},` });
    expect(keyring.current.id).toBe("k1");
    const oldKeyring = Keyring.fromEnv({ current: older, previous: undefined });
    expect(keyring.decrypt(oldKeyring.encrypt("secret", "ad"), "ad")).toBe("secret");
  });

  it.each([undefined, "", "   "])("throws MasterKeyError when the key is %j", (current) => {
    const error = masterKeyError(() => Keyring.fromEnv({ current, previous: undefined }));
    expect(error.message).toContain("CONNECTIONS_ENCRYPTION_KEY is not set");
  });

  const secretMaterial = randomBytes(32).toString("base64");
  it.each([
    ["missing its id", secretMaterial],
    ["with a bad character", `k1:${secretMaterial.slice(0, 20)}$${secretMaterial.slice(21)}`],
    ["too short", `k1:${secretMaterial.slice(0, 24)}`],
    ["too long", `k1:${secretMaterial}${secretMaterial}`],
  ])("throws MasterKeyError for a key %s, without the key material in the message", (_what, current) => {
    const error = masterKeyError(() => Keyring.fromEnv({ current, previous: undefined }));
    expect(error.message).toContain("CONNECTIONS_ENCRYPTION_KEY is malformed");
    expect(error.message).not.toContain(secretMaterial.slice(0, 12));
    expect(error.message).not.toContain(current.split(":").at(-1)!.slice(0, 12));
  });

  it("names CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS when a previous key is bad, without its material", () => {
    const bad = `old:${secretMaterial.slice(0, 30)}`;
    const error = masterKeyError(() => Keyring.fromEnv({ current: VALID, previous: bad }));
    expect(error.message).toContain("CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS is malformed");
    expect(error.message).not.toContain(secretMaterial.slice(0, 12));
    expect(error.message).not.toContain(KEY_B64.slice(0, 12));
  });
});
