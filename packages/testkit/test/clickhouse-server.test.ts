import { rmSync } from "node:fs";
import { ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startClickHouse, type ClickHouseServer } from "../src/clickhouse-server.ts";
import { scratchDir } from "../src/scratch-dir.ts";
import { makeCertificates, type TestCertificates } from "../src/tls-certificates.ts";

let clickhouse: ClickHouseServer;
let certificates: TestCertificates;
const certDir = scratchDir("clickhouse-tls");

beforeAll(async () => {
  certificates = makeCertificates(certDir, { dnsNames: ["localhost"], ips: ["127.0.0.1"] });
  clickhouse = await startClickHouse({ tls: certificates.serverTls });
}, 90_000);

afterAll(async () => {
  await clickhouse?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

const clientFor = (password: string) =>
  createClient({
    url: `http://${clickhouse.host}:${clickhouse.httpPort}`,
    username: clickhouse.user,
    password,
    database: clickhouse.database,
    log: { level: ClickHouseLogLevel.OFF }, // The wrong-password case would otherwise print an expected error.
  });

describe("startClickHouse", () => {
  it("answers app_user's queries over HTTP with @clickhouse/client", async () => {
    const client = clientFor(clickhouse.password);
    try {
      const result = await client.query({ query: "select count() as n from default.items", format: "JSONEachRow" });
      expect(await result.json()).toEqual([{ n: "3" }]);
      const names = await client.query({ query: "select name from items order by id", format: "JSONEachRow" });
      expect(await names.json()).toEqual([{ name: "one" }, { name: "two" }, { name: "three" }]);
    } finally {
      await client.close();
    }
  });

  it("serves HTTPS with the given certificate when started with tls", async () => {
    const client = createClient({
      url: `https://localhost:${clickhouse.httpsPort}`,
      username: clickhouse.user,
      password: clickhouse.password,
      tls: { ca_cert: Buffer.from(certificates.ca.pem) },
    });
    try {
      const result = await client.query({ query: "select count() as n from default.items", format: "JSONEachRow" });
      expect(await result.json()).toEqual([{ n: "3" }]);
    } finally {
      await client.close();
    }
  });

  it("rejects a wrong password", async () => {
    const client = clientFor("wrong");
    try {
      await expect(client.query({ query: "select 1" })).rejects.toThrow(/password/i);
    } finally {
      await client.close();
    }
  });
});
