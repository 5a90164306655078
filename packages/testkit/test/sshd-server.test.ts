import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { Client, type ClientChannel } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../src/child-process.ts";
import { scratchDir } from "../src/scratch-dir.ts";
import { sshKeygen, type GeneratedKey } from "../src/ssh-keys.ts";
import { startSshd, type SshdServer } from "../src/sshd-server.ts";

let dir: string;
let key: GeneratedKey;
let sshd: SshdServer;
let echo: Server;
let echoPort: number;

beforeAll(async () => {
  dir = scratchDir("sshd-test");
  key = sshKeygen(dir, "client");
  sshd = await startSshd({ authorizedKeys: [key.publicKey] });
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoPort = (echo.address() as { port: number }).port;
});

afterAll(async () => {
  await sshd?.stop();
  echo?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Connects with ssh2 and reports the host key fingerprint it saw, computed the way ssh-keygen does. */
async function connect(): Promise<{ client: Client; seenFingerprint: string }> {
  const client = new Client();
  let seenFingerprint = "";
  await new Promise<void>((resolve, reject) => {
    client.once("ready", resolve).once("error", reject);
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: key.privateKey,
      hostVerifier: (rawKey: Buffer) => {
        seenFingerprint = `SHA256:${createHash("sha256").update(rawKey).digest("base64").replace(/=+$/, "")}`;
        return true;
      },
    });
  });
  return { client, seenFingerprint };
}

function forwardOut(client: Client, port: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    client.forwardOut("127.0.0.1", 0, "127.0.0.1", port, (err, ch) => (err ? reject(err) : resolve(ch))),
  );
}

describe("startSshd", () => {
  it("authenticates with the key, reports the host key ssh2 sees and forwards TCP", async () => {
    expect(sshd.connectionCount()).toBe(0);
    const { client, seenFingerprint } = await connect();
    try {
      expect(sshd.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(seenFingerprint).toBe(sshd.hostKeyFingerprint);
      expect(sshd.connectionCount()).toBe(1);
      const channel = await forwardOut(client, echoPort);
      const reply = new Promise<string>((resolve) => channel.once("data", (data: Buffer) => resolve(data.toString())));
      channel.write("ping through sshd");
      expect(await reply).toBe("ping through sshd");
      channel.end();
    } finally {
      client.end();
    }
    await waitFor("connection to close", async () => sshd.connectionCount() === 0, 5_000);
  });

  it("refuses forwarding when AllowTcpForwarding is off", async () => {
    await sshd.restart({ allowTcpForwarding: false });
    const { client } = await connect();
    try {
      const error = await forwardOut(client, echoPort).then(
        () => undefined,
        (err: Error & { reason?: number }) => err,
      );
      expect(error?.message).toMatch(/open failure/);
      expect(error?.reason).toBe(1); // SSH_OPEN_ADMINISTRATIVELY_PROHIBITED; OpenSSH's text is just "open failed".
    } finally {
      client.end();
      await sshd.restart({ allowTcpForwarding: true });
    }
  });

  it("restarts on the same port with a new host key, and comes back after a crash", async () => {
    const { port, hostKeyFingerprint: before } = sshd;
    await sshd.restart({ newHostKey: true });
    expect(sshd.port).toBe(port);
    expect(sshd.hostKeyFingerprint).not.toBe(before);
    const { client, seenFingerprint } = await connect();
    expect(seenFingerprint).toBe(sshd.hostKeyFingerprint);
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    await sshd.kill();
    await closed;
    await sshd.restart();
    const again = await connect();
    expect(again.seenFingerprint).toBe(sshd.hostKeyFingerprint);
    again.client.end();
  });
});
