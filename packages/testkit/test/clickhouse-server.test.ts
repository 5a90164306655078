import { ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startClickHouse, type ClickHouseServer } from "../src/clickhouse-server.ts";

let clickhouse: ClickHouseServer;

beforeAll(async () => {
  clickhouse = await startClickHouse();
}, 90_000);

afterAll(async () => {
  await clickhouse?.stop();
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

  it("rejects a wrong password", async () => {
    const client = clientFor("wrong");
    try {
      await expect(client.query({ query: "select 1" })).rejects.toThrow(/password/i);
    } finally {
      await client.close();
    }
  });
});
