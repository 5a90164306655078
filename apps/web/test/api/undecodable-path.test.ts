import { describe, expect, it } from "vitest";
import { target } from "../support/fixtures.ts";

// A path whose percent-escapes do not decode used to get Next's bare "500 Internal Server Error"
// before any route ran (found by the R5 malformed-input sweep).
async function get(path: string, init: RequestInit = {}) {
  const response = await fetch(`${target().baseUrl}${path}`, init);
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

describe("a request path that does not decode", () => {
  it.each(["/v1/connections/%E0%A4%A", "/v1/connections/%/test", "/v1/%ff/x"])("%s → 400 in the REST error format", async (path) => {
    const response = await get(path, { method: path.endsWith("test") ? "POST" : "GET" });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({ error: { code: "BAD_REQUEST", message: expect.stringContaining("percent-escape") } });
  });

  it("on the tRPC endpoint → 400 in tRPC's error format", async () => {
    const response = await get("/api/trpc/connection.byId%E0");
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({
      error: { code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400, appCode: "BAD_REQUEST" } },
    });
  });

  it("on a page → a plain 400, and decodable paths are untouched", async () => {
    expect(await get("/connections/%E0/edit", { redirect: "manual" })).toMatchObject({
      status: 400,
      type: expect.stringMatching(/^text\/plain/),
    });
    expect((await get("/v1/connections/conn_%41bc")).status).toBe(401);
  });
});
