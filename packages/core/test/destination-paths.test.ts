import { describe, expect, it } from "vitest";
import { changedDestinationPaths, CONNECTION_TYPES, DESTINATION_PATHS, type ConnectionType } from "../src/index.ts";

const CA = "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----";
const OTHER_CA = "-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----";

describe("DESTINATION_PATHS", () => {
  it("names, for every type, host, port and each bastion field", () => {
    for (const type of Object.keys(CONNECTION_TYPES) as ConnectionType[]) {
      expect(DESTINATION_PATHS[type]).toEqual(
        expect.arrayContaining(["host", "port", "ssh_tunnel.host", "ssh_tunnel.port", "ssh_tunnel.user"]),
      );
    }
  });

  it.each<[ConnectionType, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ["dynamiq.connections.PostgreSQL", { host: "a", port: 5432 }, { host: "a", port: 5432, database: "x" }, []],
    [
      "dynamiq.connections.PostgreSQL",
      { host: "a", ssl: { mode: "verify-full", ca: CA } },
      { host: "a", ssl: { mode: "verify-full", ca: OTHER_CA } },
      ["ssl.ca"],
    ],
    ["dynamiq.connections.MySQL", { host: "a", ssl: { mode: "required" } }, { host: "a" }, ["ssl.mode"]],
    ["dynamiq.connections.ClickHouse", { host: "a", secure: true, tls_ca: CA }, { host: "a", secure: false }, ["secure", "tls_ca"]],
    ["dynamiq.connections.Trino", { host: "a", http_scheme: "https" }, { host: "a", http_scheme: "http" }, ["http_scheme"]],
    ["dynamiq.connections.Vertica", { host: "a", tls_mode: "verify-full" }, { host: "a", tls_mode: "disable" }, ["tls_mode"]],
    [
      "dynamiq.connections.Trino",
      { host: "a" },
      { host: "a", ssh_tunnel: { host: "b", port: 22, user: "u" } },
      ["ssh_tunnel.host", "ssh_tunnel.port", "ssh_tunnel.user"],
    ],
    [
      "dynamiq.connections.Vertica",
      { host: "a", ssh_tunnel: { host: "b", port: 22, user: "u", host_key_fingerprint: "x" } },
      { host: "a", ssh_tunnel: { host: "b", port: 22, user: "u" } },
      [],
    ],
  ])("%s: %j → %j changes %j", (type, before, after, changed) => {
    expect(changedDestinationPaths(type, before, after)).toEqual(changed);
  });
});
