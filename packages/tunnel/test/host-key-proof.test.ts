import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ssh2, { type ClientChannel } from "ssh2";
import { scratchDir, sshKeygen, startSshd, type SshdServer } from "@connections/testkit";
import { canSkipHostKeyProof, skipHostKeyProof } from "../src/engine/host-key-proof.ts";

const key = sshKeygen(scratchDir("host-key-proof"), "client");
let sshd: SshdServer;

beforeAll(async () => {
  sshd = await startSshd({ authorizedKeys: [key.publicKey] });
});
afterAll(() => sshd?.stop());

const PROVE = "Outbound: Sending GLOBAL_REQUEST (hostkeys-prove-00@openssh.com)";

/** Logs in, opens a channel to sshd's own port and reads its banner; returns ssh2's debug lines. */
async function session(skip: boolean): Promise<{ banner: string; lines: string[] }> {
  const lines: string[] = [];
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once("ready", resolve).once("error", reject);
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: key.privateKey,
      debug: (l: string) => lines.push(l),
    });
    expect(canSkipHostKeyProof(client)).toBe(true);
    if (skip) expect(skipHostKeyProof(client)).toBe(true);
  });
  try {
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      client.forwardOut("127.0.0.1", 0, sshd.host, sshd.port, (error, opened) => (error ? reject(error) : resolve(opened))),
    );
    const banner = await new Promise<string>((resolve) => channel.once("data", (data: Buffer) => resolve(data.toString())));
    // The announcement comes right after login; a round trip later any proof request has gone out.
    await new Promise<void>((resolve) => client.exec("true", () => resolve()));
    channel.close();
    return { banner, lines };
  } finally {
    client.end();
  }
}

describe("OpenSSH's host key announcement", () => {
  it("is acknowledged without asking the bastion to sign with every host key", async () => {
    const { banner, lines } = await session(true);
    expect(banner).toMatch(/^SSH-2\.0-OpenSSH/);
    expect(lines).toContain("Inbound: GLOBAL_REQUEST (hostkeys-00@openssh.com)");
    expect(lines).not.toContain(PROVE);
  });

  it("makes ssh2 ask for the proof when left alone (what the engine avoids)", async () => {
    const { lines } = await session(false);
    expect(lines).toContain(PROVE);
  });
});
