import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Keyring, MasterKeyError, createPrismaClient, migrate, verifyMasterKey, type Database } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "db-canary-"));
const url = `file:${join(dir, "x.db")}`;
let db: Database;

const oldKey = { id: "k1", key: randomBytes(32) };
const newKey = { id: "k2", key: randomBytes(32) };

beforeAll(async () => {
  await migrate(url);
  db = createPrismaClient(url);
});

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const canary = () => db.setting.findUnique({ where: { key: "encryption.canary" } });

// The steps depend on each other: they replay one database's life through a key rotation.
describe("verifyMasterKey", () => {
  it("writes an encrypted canary on first start", async () => {
    expect(await canary()).toBeNull();
    await verifyMasterKey(db, new Keyring(oldKey));
    const row = await canary();
    expect(row?.value).toMatch(/^v1:k1:/);
  });

  it("passes again with the same key and leaves the canary alone", async () => {
    const before = await canary();
    await verifyMasterKey(db, new Keyring(oldKey));
    expect((await canary())?.value).toBe(before?.value);
  });

  it("fails with MasterKeyError for a different key, without leaking either key", async () => {
    const error = await verifyMasterKey(db, new Keyring(newKey)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MasterKeyError);
    const message = (error as Error).message;
    expect(message).toContain("CONNECTIONS_ENCRYPTION_KEY cannot decrypt");
    expect(message).toContain("CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS");
    expect(message).not.toContain(oldKey.key.toString("base64").slice(0, 12));
    expect(message).not.toContain(newKey.key.toString("base64").slice(0, 12));
    expect((await canary())?.value).toMatch(/^v1:k1:/);
  });

  it("fails for a different key under the same id", async () => {
    await expect(verifyMasterKey(db, new Keyring({ id: "k1", key: randomBytes(32) }))).rejects.toBeInstanceOf(MasterKeyError);
  });

  it("passes with the old key as a previous key and re-encrypts the canary under the new key", async () => {
    const rotated = new Keyring(newKey, [oldKey]);
    await verifyMasterKey(db, rotated);
    const value = (await canary())!.value;
    expect(value).toMatch(/^v1:k2:/);
    expect(rotated.isStale(value)).toBe(false);
    expect(new Keyring(newKey).decrypt(value, "setting:encryption.canary")).toBe("encryption.canary");
  });

  it("then passes with the new key alone, and the old key alone now fails", async () => {
    await expect(verifyMasterKey(db, new Keyring(newKey))).resolves.toBeUndefined();
    await expect(verifyMasterKey(db, new Keyring(oldKey))).rejects.toBeInstanceOf(MasterKeyError);
  });
});
