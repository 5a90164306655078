import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { directTransport, tunnelEnv, TunnelError } from "../src/index.ts";

// The policy denies loopback, so a real listener on 127.0.0.1 shows nothing gets through.
const transport = directTransport(tunnelEnv({ CONNECTIONS_DENY_TARGETS: "127.0.0.0/8,::1/128" }).targetPolicy);

let server: Server;
let accepted = 0;
let port = 0;
beforeAll(async () => {
  server = createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function connectError(host: string): Promise<unknown> {
  return new Promise((resolve) => {
    const socket = transport.createSocket();
    socket.once("connect", () => resolve(null));
    socket.once("error", resolve);
    socket.connect(port, host);
  });
}

describe("direct database sockets under the target policy", () => {
  it("refuses a denied IP address before connecting", async () => {
    const error = await connectError("127.0.0.1");
    expect(TunnelError.is(error)).toBe(true);
    expect(error).toMatchObject({
      stage: "tcp",
      code: "TARGET_DENIED",
      message: expect.stringContaining("CONNECTIONS_DENY_TARGETS"),
      hint: expect.stringContaining("host"),
    });
    expect(accepted).toBe(0);
  });

  it("refuses a name that resolves to a denied address, checked on the socket's own lookup", async () => {
    const error = await connectError("localhost");
    expect(error).toMatchObject({
      code: "TARGET_DENIED",
      message: expect.stringMatching(/^localhost \((127\.0\.0\.1|::1)\) may not be reached/),
    });
    expect(accepted).toBe(0);
  });
});
