import { beforeAll, describe, expect, it } from "vitest";
import { generateMasterKey } from "@connections/db";
import { makeCertificates, recordFigure, scratchDir, sshKeygen, startNextServer } from "@connections/testkit";
import { db, newTenant, services, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { validPostgresBody, withPath } from "../support/valid-config.ts";

const DB_PASSWORD = "stored-secret-db-password";
const PASSPHRASE = "stored-secret-passphrase";
let tenant: Tenant;
let privateKey: string;
let tlsKeyLine: string;
let id: string;

beforeAll(async () => {
  tenant = await newTenant("secrets");
  ({ privateKey } = sshKeygen(scratchDir("keys"), "locked", { passphrase: PASSPHRASE }));
  const tls = makeCertificates(scratchDir("tls"), { dnsNames: ["db.internal"], ips: [] });
  tlsKeyLine = tls.server.key.pem.split("\n")[1]!;
  const body = withPath(
    withPath(
      withPath(validPostgresBody(tenant.projectId, privateKey), "config.password", DB_PASSWORD),
      "config.ssh_tunnel.private_key_passphrase",
      PASSPHRASE,
    ),
    "config.ssl",
    { mode: "verify-full", ca: tls.ca.pem, cert: tls.server.cert.pem, key: tls.server.key.pem },
  );
  const created = await api("POST", "/v1/connections", { key: tenant.key, body });
  expect(created.status).toBe(201);
  id = created.body.data.id;
});

describe("secrets at rest", () => {
  it("the stored row holds ciphertext only", async () => {
    const row = await db().connection.findUniqueOrThrow({ where: { id } });
    const everything = JSON.stringify(row);
    for (const secret of [DB_PASSWORD, PASSPHRASE, privateKey.split("\n")[1]!, tlsKeyLine]) expect(everything).not.toContain(secret);
    const sealed = JSON.parse(row.secrets) as Record<string, string>;
    expect(Object.keys(sealed).sort()).toEqual(["password", "ssh_tunnel.private_key", "ssh_tunnel.private_key_passphrase", "ssl.key"]);
    for (const ciphertext of Object.values(sealed)) expect(ciphertext).toMatch(/^v1:test1:[\w-]{16}:[\w-]+$/);
    expect(services().keyring.decrypt(sealed.password!, `connection:${id}:password`)).toBe(DB_PASSWORD);
  });

  it("responses carry presence flags, never secrets", async () => {
    const response = await api("GET", `/v1/connections/${id}`, { key: tenant.key });
    for (const secret of [DB_PASSWORD, PASSPHRASE, tlsKeyLine, "PRIVATE KEY"]) expect(response.text).not.toContain(secret);
    expect(response.body.data.config).toMatchObject({ has_password: true, ssl: { mode: "verify-full", has_key: true } });
    expect(response.body.data.config.ssh_tunnel.has_private_key_passphrase).toBe(true);
  });

  it("a ciphertext moved to another field does not decrypt there", async () => {
    const sealed = JSON.parse((await db().connection.findUniqueOrThrow({ where: { id } })).secrets) as Record<string, string>;
    expect(() => services().keyring.decrypt(sealed.password!, `connection:${id}:ssl.key`)).toThrow(/failed authentication/);
    expect(() => services().keyring.decrypt(sealed.password!, `connection:conn_other:password`)).toThrow(/failed authentication/);
  });

  it("a tampered ciphertext fails loudly, without echoing any secret, and the row is not rewritten", async () => {
    const row = await db().connection.findUniqueOrThrow({ where: { id } });
    const sealed = JSON.parse(row.secrets) as Record<string, string>;
    const flipped = sealed.password!.slice(0, -2) + (sealed.password!.endsWith("AA") ? "BB" : "AA");
    await db().connection.update({ where: { id }, data: { secrets: JSON.stringify({ ...sealed, password: flipped }) } });
    const tamperedRow = await db().connection.findUniqueOrThrow({ where: { id } });

    const response = await api("PUT", `/v1/connections/${id}`, {
      key: tenant.key,
      body: { config: { host: "db", database: "d", user: "u" } },
    });
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe("SECRET_UNREADABLE");
    expect(response.body.error.message).toMatch(/password failed authentication/);
    for (const secret of [DB_PASSWORD, PASSPHRASE]) expect(response.text).not.toContain(secret);
    expect(await db().connection.findUniqueOrThrow({ where: { id } })).toEqual(tamperedRow);
    recordFigure({
      id: "R8",
      measure: "tampered ciphertext; ciphertext moved to another field or row",
      value: "tampered → 500 SECRET_UNREADABLE naming the field, no secret echoed, row not rewritten; moved → fails authentication",
      target: "refused, nothing written",
    });
  });
});

describe("the master key at start-up", () => {
  const env = () => ({ DATABASE_URL: target().databaseUrl, LOG_LEVEL: "warn" });

  it("a different key stops the server with a clear message", async () => {
    await expect(startNextServer(target().webDir, { ...env(), CONNECTIONS_ENCRYPTION_KEY: generateMasterKey("test1") })).rejects.toThrow(
      /exited with code 1[\s\S]*CONNECTIONS_ENCRYPTION_KEY cannot decrypt this database's secrets/,
    );
  });

  it.each([
    ["missing", "", /CONNECTIONS_ENCRYPTION_KEY is not set/],
    ["malformed", "not-a-key", /CONNECTIONS_ENCRYPTION_KEY is malformed: expected <id>:<base64/],
    ["too short", `k1:${Buffer.alloc(16).toString("base64")}`, /must decode to 32 bytes, not 16/],
  ])("a %s key stops the server", async (_case, key, message) => {
    const attempt = startNextServer(target().webDir, { ...env(), CONNECTIONS_ENCRYPTION_KEY: key });
    await expect(attempt).rejects.toThrow(message);
  });
});
