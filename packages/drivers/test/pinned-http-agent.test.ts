import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directTransport, TargetPolicy, TunnelError, type Transport } from "@connections/tunnel";
import { canonicalHost, connectionOrigin, originOfUrl, sameOrigin } from "../src/http-origin.ts";
import { pinnedHttpAgent } from "../src/pinned-http-agent.ts";

let server: Server;
let port: number;
let created = 0;
const direct = directTransport(new TargetPolicy());
const counting: Transport = { ...direct, createSocket: () => (created++, direct.createSocket()) };

beforeAll(async () => {
  server = createServer((_, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(url: string, agent: ReturnType<typeof pinnedHttpAgent>): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk)).on("end", () => resolve(body));
    })
      .on("error", reject)
      .end();
  });
}

describe("pinnedHttpAgent", () => {
  it("reaches the connection's own host:port through the transport's sockets", async () => {
    const agent = pinnedHttpAgent(counting, { secure: false, host: "127.0.0.1", port, label: "Test" });
    created = 0;
    expect(await get(`http://127.0.0.1:${port}/`, agent)).toBe("ok");
    expect(created).toBe(1);
    agent.destroy();
  });

  it("refuses another address or port before any socket exists", async () => {
    const agent = pinnedHttpAgent(counting, { secure: false, host: "127.0.0.1", port, label: "Test" });
    created = 0;
    for (const url of [`http://127.0.0.2:${port}/x?token=t`, `http://127.0.0.1:${port + 1}/`]) {
      const error = await get(url, agent).catch((e: unknown) => e);
      expect(TunnelError.is(error)).toBe(true);
      expect(error).toMatchObject({ stage: "query", code: "QUERY_FAILED", message: expect.not.stringContaining("token") });
    }
    expect(created).toBe(0);
    agent.destroy();
  });
});

describe("origins", () => {
  it("compare hosts as they connect", () => {
    expect(canonicalHost("LOCALHOST")).toBe("localhost");
    expect(canonicalHost("[::1]")).toBe("::1");
    expect(canonicalHost("0x7f.1")).toBe("127.0.0.1");
    expect(sameOrigin(originOfUrl("/v1/statement/1", "http://db:8080")!, connectionOrigin(false, "DB", 8080))).toBe(true);
    expect(sameOrigin(originOfUrl("https://db:8080/", "http://db:8080")!, connectionOrigin(false, "db", 8080))).toBe(false);
    expect(originOfUrl("http://db/", "http://x")!.port).toBe(80);
    expect(originOfUrl("file:///etc/passwd", "http://x")).toBeUndefined();
  });
});
