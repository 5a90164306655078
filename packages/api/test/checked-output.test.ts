import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { connectionSchema } from "@connections/core";
import { checkedOutput } from "../src/trpc/checked-output.ts";

const clickhouse = {
  id: "conn_1",
  project_id: "prj_1",
  name: "events",
  type: "dynamiq.connections.ClickHouse",
  config: { host: "ch.internal", port: 8443, database: "default", user: "reader", has_password: true, secure: true },
  read_only: false,
  last_test: null,
  created_at: "2026-12-03T10:00:00.000Z",
  updated_at: "2026-12-03T10:00:00.000Z",
};

describe("checkedOutput", () => {
  it("passes a matching result on as built, so no field of a later union member (ClickHouse's `secure`) is dropped", () => {
    expect(checkedOutput(connectionSchema)(clickhouse)).toBe(clickhouse);
  });

  it("refuses a result that does not match with a plain Error naming the field, not the caller's ZodError", () => {
    const run = () => checkedOutput(connectionSchema)({ ...clickhouse, created_at: 7 });
    expect(run).toThrow(/created_at/);
    expect(run).not.toThrow(ZodError);
  });
});
