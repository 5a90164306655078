import { rmSync } from "node:fs";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMariaDb, type MariaDbServer } from "../src/mariadb-server.ts";
import { scratchDir } from "../src/scratch-dir.ts";
import { makeCertificates, type TestCertificates } from "../src/tls-certificates.ts";

let dir: string;
let certs: TestCertificates;
let db: MariaDbServer;

beforeAll(async () => {
  dir = scratchDir("mariadb-test");
  certs = makeCertificates(dir, { dnsNames: ["db.test"], ips: ["127.0.0.1"] });
  db = await startMariaDb({ tls: certs.serverTls });
}, 60_000);

afterAll(async () => {
  await db?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const connect = (extra: mysql.ConnectionOptions = {}) =>
  mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database, ...extra });

describe("startMariaDb", () => {
  it("serves the items table to app_user over TCP with password auth", async () => {
    const connection = await connect();
    const [rows] = await connection.query("SELECT id, name FROM items ORDER BY id");
    expect(rows).toEqual([
      { id: 1, name: "one" },
      { id: 2, name: "two" },
      { id: 3, name: "three" },
    ]);
    await connection.end();
    await expect(connect({ password: "wrong" })).rejects.toMatchObject({ code: "ER_ACCESS_DENIED_ERROR" });
  });

  it("speaks TLS verified against the test CA, and a client trusting another CA refuses it", async () => {
    const connection = await connect({ ssl: { ca: certs.ca.pem, rejectUnauthorized: true } });
    const [[status]] = await connection.query<mysql.RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_version'");
    expect(status?.Value).toMatch(/^TLSv1\.[23]$/);
    await connection.end();
    await expect(connect({ ssl: { ca: certs.wrongCa.pem, rejectUnauthorized: true } })).rejects.toThrow(
      /self[- ]signed|unable to (get|verify)/i,
    );
  });
});
