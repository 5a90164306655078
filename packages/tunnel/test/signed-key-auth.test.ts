import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ssh2 from "ssh2";
import { scratchDir, sshKeygen, startSshd, type SshdServer } from "@connections/testkit";
import { canSignWithoutQuery, signKeyWithoutQuery } from "../src/engine/signed-key-auth.ts";

const dir = scratchDir("signed-key-auth");
const accepted = {
  ed25519: sshKeygen(dir, "ed25519"),
  rsa: sshKeygen(dir, "rsa", { type: "rsa" }),
  ecdsa: sshKeygen(dir, "ecdsa", { type: "ecdsa" }),
};
const stranger = sshKeygen(dir, "stranger");
let sshd: SshdServer;

beforeAll(async () => {
  sshd = await startSshd({ authorizedKeys: Object.values(accepted).map((k) => k.publicKey) });
});
afterAll(() => sshd?.stop());

/** Logs in as the engine does (the key only, signed at once); resolves with ssh2's debug lines. */
function logIn(privateKey: string): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  const client = new ssh2.Client();
  return new Promise((resolve) => {
    client.once("ready", () => {
      client.end();
      resolve({ ok: true, lines });
    });
    client.once("error", () => resolve({ ok: false, lines }));
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey,
      authHandler: ["publickey"],
      debug: (line: string) => lines.push(line),
    });
    expect(canSignWithoutQuery(client)).toBe(true);
    expect(signKeyWithoutQuery(client)).toBe(true);
  });
}

describe("public-key login without the query round trip", () => {
  it.each(Object.entries(accepted))("logs in with an %s key in one signed request", async (_type, key) => {
    const { ok, lines } = await logIn(key.privateKey);
    expect(ok).toBe(true);
    const requests = lines.filter((l) => l.startsWith("Outbound: Sending USERAUTH_REQUEST"));
    expect(requests).toEqual(["Outbound: Sending USERAUTH_REQUEST (publickey)"]);
    expect(lines.some((l) => l.includes("USERAUTH_PK_OK"))).toBe(false);
  });

  it("reports a refused key as an authentication failure after one signed request", async () => {
    const { ok, lines } = await logIn(stranger.privateKey);
    expect(ok).toBe(false);
    expect(lines.filter((l) => l.startsWith("Outbound: Sending USERAUTH_REQUEST"))).toEqual([
      "Outbound: Sending USERAUTH_REQUEST (publickey)",
    ]);
  });
});
