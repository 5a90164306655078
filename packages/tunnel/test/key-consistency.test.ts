import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parsePrivateKey } from "../src/index.ts";
import { pemText } from "../src/keys/pem-armor.ts";
import { KeyDir, catchKeyError, withoutComment } from "./key-files.ts";

const keys = new KeyDir();
afterAll(() => keys.remove());

describe("a key is signed with once and verified on save", () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  const flipped = (value: string | undefined) => {
    const bytes = Buffer.from(value ?? "", "base64url");
    bytes[5]! ^= 1;
    return bytes.toString("base64url");
  };
  const pkcs1 = (broken: JsonWebKey) =>
    createPrivateKey({ key: broken, format: "jwk" }).export({ type: "pkcs1", format: "pem" }).toString();

  it("an intact RSA key passes", async () => {
    const key = await parsePrivateKey(pkcs1(jwk));
    expect(key.type).toBe("ssh-rsa");
  });

  it.each([
    // OpenSSL recomputes a faulty CRT result with d, so only both wrong make a bad signature.
    ["CRT coefficient and private exponent are wrong", { qi: flipped(jwk.qi), d: flipped(jwk.d) }],
    ["modulus is not the product of its primes", { n: flipped(jwk.n) }],
  ])("an RSA key whose %s is refused as damaged", async (_what, change) => {
    const error = await catchKeyError(() => parsePrivateKey(pkcs1({ ...jwk, ...change })));
    expect([error.code, error.field]).toEqual(["PRIVATE_KEY_INVALID", "private_key"]);
    expect(error.message).toMatch(/parts do not fit together/);
  });
});

describe("RSA keys under 2048 bits are kept, with a warning", () => {
  it.each([
    [1024, [{ code: "RSA_KEY_SHORT", message: expect.stringMatching(/1024 bits: RSA keys under 2048 bits/) }]],
    [2048, []],
    [3072, []],
  ])("%i bits", async (bits, warnings) => {
    const key = await parsePrivateKey(keys.sshKeygen(["-t", "rsa", "-b", String(bits)]).text);
    expect(key.warnings).toEqual(warnings);
  });

  it("a key under 1024 bits is warned that OpenSSH refuses it", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 768 });
    const key = await parsePrivateKey(privateKey.export({ type: "pkcs1", format: "pem" }).toString());
    expect(key.warnings).toEqual([
      { code: "RSA_KEY_SHORT", message: expect.stringMatching(/768 bits: OpenSSH servers since 9\.1 refuse/) },
    ]);
  });

  it("Ed25519 and ECDSA keys get none", async () => {
    expect((await parsePrivateKey(keys.sshKeygen(["-t", "ed25519"]).text)).warnings).toEqual([]);
    expect((await parsePrivateKey(keys.sshKeygen(["-t", "ecdsa"]).text)).warnings).toEqual([]);
  });
});

// RFC 5958 OneAsymmetricKey (PKCS#8 v2): version 1 and the public key in [1] after the private
// key. OpenSSL writes v1 only, so the v2 file is assembled here from a key node:crypto made.
function pkcs8V2(privateDer: Buffer, publicRaw: Buffer): string {
  const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag, content.length]), content]);
  const fields = privateDer.subarray(2 + 3); // SEQUENCE header, then INTEGER 0
  const body = Buffer.concat([tlv(0x02, Buffer.from([1])), fields, tlv(0x81, Buffer.concat([Buffer.from([0]), publicRaw]))]);
  return pemText("PRIVATE KEY", tlv(0x30, body));
}

describe("Ed25519 PKCS#8 v2 keys (with their public key inside)", () => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  const raw = publicKey.export({ type: "spki", format: "der" }).subarray(12);

  it("are accepted, with the public key node:crypto derives", async () => {
    const key = await parsePrivateKey(pkcs8V2(der, raw));
    expect(key.type).toBe("ssh-ed25519");
    const expected = keys.publicKeyOfOpensslKey(writeKey(privateKey.export({ type: "pkcs8", format: "pem" }).toString()));
    expect(withoutComment(key.publicKey)).toBe(expected);
  });

  it("are refused when the public key inside is another key's", async () => {
    const other = createPublicKey(generateKeyPairSync("ed25519").privateKey).export({ type: "spki", format: "der" }).subarray(12);
    const error = await catchKeyError(() => parsePrivateKey(pkcs8V2(der, other)));
    expect([error.code, error.field]).toEqual(["PRIVATE_KEY_INVALID", "private_key"]);
    expect(error.message).toMatch(/public key inside/);
  });
});

function writeKey(pem: string): string {
  const file = keys.path(`v1-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(file, pem);
  return file;
}
