import { afterAll, describe, expect, it } from "vitest";
import { parsePrivateKey } from "../src/index.ts";
import { KeyDir, PASSPHRASE, catchKeyError, withoutComment } from "./key-files.ts";

const keys = new KeyDir();
afterAll(() => keys.remove());

describe.each([
  ["RSA", ["-t", "rsa", "-b", "2048"], /^-----BEGIN RSA PRIVATE KEY-{5}/, "ssh-rsa"],
  ["EC", ["-t", "ecdsa", "-b", "256"], /^-----BEGIN EC PRIVATE KEY-{5}/, "ecdsa-sha2-nistp256"],
])("PEM %s key (ssh-keygen -m PEM)", (_name, args, header, type) => {
  const { file, text } = keys.sshKeygen([...args, "-m", "PEM"]);

  it(`starts with ${header.source}`, async () => {
    expect(text).toMatch(header);
  });

  it("parses with the fingerprint ssh-keygen -lf reports for its .pub", async () => {
    const key = await parsePrivateKey(text);
    expect(key.type).toBe(type);
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyFile(`${file}.pub`));
    expect(withoutComment(key.publicKey)).toBe(withoutComment(keys.publicKeyFromPrivateText(text)));
  });

  it("is handed to ssh2 as is", async () => {
    const key = await parsePrivateKey(text);
    expect(key.privateKey).toBe(text);
    expect(key.passphrase).toBeUndefined();
  });
});

describe("encrypted PEM RSA key (ssh-keygen -m PEM -N)", () => {
  const { file, text } = keys.sshKeygen(["-t", "rsa", "-b", "2048", "-m", "PEM"], PASSPHRASE);

  it("is a legacy encrypted PEM (Proc-Type: 4,ENCRYPTED)", async () => {
    expect(text).toMatch(/^-----BEGIN RSA PRIVATE KEY-{5}\nProc-Type: 4,ENCRYPTED/);
  });

  it("parses with the right passphrase", async () => {
    const key = await parsePrivateKey(text, PASSPHRASE);
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyFile(`${file}.pub`));
    expect(key.privateKey).toBe(text);
    expect(key.passphrase).toBe(PASSPHRASE);
  });

  it("asks for a passphrase when none is given", async () => {
    const error = await catchKeyError(() => parsePrivateKey(text));
    expect(error).toMatchObject({ code: "PASSPHRASE_REQUIRED", field: "private_key_passphrase" });
  });

  it("says the passphrase is wrong when it is", async () => {
    const error = await catchKeyError(() => parsePrivateKey(text, "definitely-not-it"));
    expect(error).toMatchObject({ code: "PASSPHRASE_WRONG", field: "private_key_passphrase" });
  });
});
