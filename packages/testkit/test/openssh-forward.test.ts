import { createServer, connect, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenSshForward, type OpenSshHop } from "../src/openssh-forward.ts";
import { scratchDir } from "../src/scratch-dir.ts";
import { sshKeygen, type GeneratedKey } from "../src/ssh-keys.ts";
import { startSshd, type SshdServer } from "../src/sshd-server.ts";

let jumpKey: GeneratedKey;
let serverKey: GeneratedKey;
let jump: SshdServer;
let server: SshdServer;
let echo: Server;
let echoPort: number;

beforeAll(async () => {
  const dir = scratchDir("openssh-forward-test");
  jumpKey = sshKeygen(dir, "jump");
  serverKey = sshKeygen(dir, "server");
  jump = await startSshd({ authorizedKeys: [jumpKey.publicKey] });
  server = await startSshd({ authorizedKeys: [serverKey.publicKey] });
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoPort = (echo.address() as { port: number }).port;
});

afterAll(async () => {
  await jump?.stop();
  await server?.stop();
  echo?.close();
});

const hop = (sshd: SshdServer, key: GeneratedKey): OpenSshHop => ({
  host: sshd.host,
  port: sshd.port,
  user: sshd.user,
  identityFile: key.path,
});

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let got = "";
    socket.on("data", (data) => {
      got += data;
      if (got.length >= text.length) {
        socket.end();
        resolve(got);
      }
    });
    socket.once("error", reject);
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("OpenSSH's client as a local forward", () => {
  it("forwards a loopback port through one server, and stop() ends the client", async () => {
    const forward = await startOpenSshForward({ server: hop(server, serverKey), target: { host: "127.0.0.1", port: echoPort } });
    try {
      expect(await roundTrip(forward.port, "one hop")).toBe("one hop");
      expect(jump.connectionCount()).toBe(0);
    } finally {
      await forward.stop();
    }
    expect(alive(forward.pid)).toBe(false);
  });

  it("goes through the jump host with its own key (ssh -J)", async () => {
    const forward = await startOpenSshForward({
      jumpHosts: [hop(jump, jumpKey)],
      server: hop(server, serverKey),
      target: { host: "127.0.0.1", port: echoPort },
    });
    try {
      expect(await roundTrip(forward.port, "two hops")).toBe("two hops");
      expect(jump.connectionCount()).toBe(1);
    } finally {
      await forward.stop();
    }
  });

  it("fails with the client's own words when a hop refuses the key", async () => {
    const refused = startOpenSshForward({
      jumpHosts: [hop(jump, serverKey)],
      server: hop(server, serverKey),
      target: { host: "127.0.0.1", port: echoPort },
    });
    await expect(refused).rejects.toThrow(/exited before it listened[\s\S]*Permission denied/);
  });
});
