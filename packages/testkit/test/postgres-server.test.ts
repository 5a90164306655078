import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresServer } from "../src/postgres-server.ts";
import { scratchDir } from "../src/scratch-dir.ts";
import { makeCertificates, type TestCertificates } from "../src/tls-certificates.ts";

let dir: string;
let certs: TestCertificates;
let postgres: PostgresServer;

beforeAll(async () => {
  dir = scratchDir("pg-test");
  certs = makeCertificates(dir, { dnsNames: ["db.test"], ips: ["127.0.0.1"] });
  postgres = await startPostgres({ password: true, tls: certs.serverTls });
}, 60_000);

afterAll(async () => {
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function query(config: pg.ClientConfig, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ host: postgres.host, port: postgres.port, ...postgres.app, ...config });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("startPostgres", () => {
  it("keeps the no-argument default: a trusted superuser URL for `connections`", async () => {
    const plain = await startPostgres();
    try {
      expect(plain.app).toBeUndefined();
      const client = new pg.Client({ connectionString: plain.url });
      await client.connect();
      expect((await client.query("select current_database() as db")).rows).toEqual([{ db: "connections" }]);
      await client.end();
    } finally {
      await plain.stop();
    }
  });

  it("authenticates app_user with scram-sha-256 and refuses a wrong password", async () => {
    expect(await query({}, "select id, name from items order by id")).toEqual([
      { id: 1, name: "one" },
      { id: 2, name: "two" },
      { id: 3, name: "three" },
    ]);
    expect(
      await query({ connectionString: postgres.url, user: undefined, password: undefined, database: undefined }, "select 1 as one"),
    ).toEqual([{ one: 1 }]);
    await expect(query({ password: "wrong" }, "select 1")).rejects.toMatchObject({ code: "28P01" });
  });

  it("serves TLS that verifies against the test CA with the server name, and not against another CA", async () => {
    const ssl = { ca: certs.ca.pem, servername: "db.test", rejectUnauthorized: true };
    expect(await query({ ssl }, "select ssl from pg_stat_ssl where pid = pg_backend_pid()")).toEqual([{ ssl: true }]);
    await expect(query({ ssl: { ...ssl, servername: "other.test" } }, "select 1")).rejects.toThrow(/altnames|does not match/i);
    await expect(query({ ssl: { ...ssl, ca: certs.wrongCa.pem } }, "select 1")).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });
});
