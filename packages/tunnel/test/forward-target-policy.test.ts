import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { TargetPolicy, TunnelConnection, TunnelError } from "../src/index.ts";

// The bastion resolves the database host itself, and its resolver reads numeric forms such as
// 2852039166 as IPv4 addresses: the policy must see them as the addresses they are.
function tunnelRecordingForwards() {
  const forwards: string[] = [];
  const client = Object.assign(new EventEmitter(), { end: () => {} });
  const session = {
    client,
    socket: Object.assign(new EventEmitter(), { bytesWritten: 0 }),
    hostKeyFingerprint: "SHA256:test",
    openChannel: (host: string, port: number) => {
      forwards.push(`${host}:${port}`);
      return Promise.reject(new Error("the test bastion forwards nothing"));
    },
  };
  const tunnel = new TunnelConnection(session as unknown as ConstructorParameters<typeof TunnelConnection>[0], {
    maxChannels: 4,
    idleMs: 60_000,
    onGone: () => {},
    policy: new TargetPolicy(),
  });
  return { tunnel, forwards };
}

function connectError(tunnel: TunnelConnection, host: string): Promise<unknown> {
  const socket = tunnel.createSocket(1_000);
  return new Promise((resolve) => {
    socket.once("error", resolve);
    socket.connect(5432, host);
  });
}

describe("the forward stage's target check", () => {
  it.each(["169.254.169.254", "2852039166", "0xa9fea9fe", "0251.0376.0251.0376", "169.254.43518"])(
    "denies %s without asking the bastion",
    async (host) => {
      const { tunnel, forwards } = tunnelRecordingForwards();
      const error = await connectError(tunnel, host);
      expect(TunnelError.is(error) && error.code).toBe("TARGET_DENIED");
      expect(forwards).toEqual([]);
      tunnel.close();
    },
  );

  it("asks the bastion for a name or an allowed address", async () => {
    const { tunnel, forwards } = tunnelRecordingForwards();
    await connectError(tunnel, "db.internal");
    await connectError(tunnel, "10.0.0.5");
    expect(forwards).toEqual(["db.internal:5432", "10.0.0.5:5432"]);
    tunnel.close();
  });
});
