import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, generateMasterKey, type Database } from "@connections/db";
import { scratchDir } from "@connections/testkit";
import { demoNotice } from "../../../../scripts/lib/demo-notice.mjs";
import { privateDataDir } from "../../../../scripts/lib/private-data-dir.mjs";
import { cli } from "../support/admin-cli.ts";

// The demo account is created once: restarts (which run `db seed`) never re-enable what an
// operator took away, and its secrets go to a 0600 file instead of the output.

const mode = (path: string) => statSync(path).mode & 0o777;

/** A fresh install: its own data folder, SQLite database and master key, as `npm start` makes them. */
function install() {
  const dataDir = join(scratchDir("demo-seed"), "data");
  const env = { DATABASE_URL: `file:${join(dataDir, "connections.db")}`, CONNECTIONS_ENCRYPTION_KEY: generateMasterKey("k1") };
  const credentialsFile = join(dataDir, "demo-credentials.txt");
  const run = async (...args: string[]) => {
    const result = await cli(args, env);
    if (result.code !== 0) throw new Error(`cli ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
    return { ...result, json: JSON.parse(result.stdout) };
  };
  const seed = () => run("db", "seed", "--credentials-file", credentialsFile);
  return { dataDir, env, credentialsFile, run, seed };
}

function credentialsIn(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

describe("the demo seed", () => {
  const site = install();
  let database: Database;

  beforeAll(async () => {
    await site.run("db", "migrate");
    database = createPrismaClient(site.env.DATABASE_URL);
  }, 180_000);
  afterAll(() => database?.$disconnect());

  it("writes the demo password and key to a 0600 file in a 0700 folder, and prints neither", async () => {
    const first = await site.seed();
    expect(first.json).toEqual({
      seeded: true,
      project: { id: "prj_demo", name: "Demo" },
      user: { email: "demo@connections.local", created: true },
      access_key: { id: expect.stringMatching(/^[0-9a-f]{16}$/), created: true },
      credentials_file: site.credentialsFile,
    });
    const secrets = credentialsIn(site.credentialsFile);
    expect(secrets).toEqual({
      DEMO_EMAIL: "demo@connections.local",
      DEMO_PASSWORD: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      DYNAMIQ_PROJECT_ID: "prj_demo",
      DYNAMIQ_ACCESS_KEY: expect.stringMatching(new RegExp(`^cnk_${first.json.access_key.id}_`)),
    });
    const notice = demoNotice({ demo: first.json, url: "http://localhost:3000", defaultFile: site.credentialsFile, keyNotice: null });
    expect(notice).toContain(`written to ${site.credentialsFile}`);
    for (const said of [first.stdout, first.stderr, notice]) {
      expect(said).not.toContain(secrets.DEMO_PASSWORD);
      expect(said).not.toContain(secrets.DYNAMIQ_ACCESS_KEY!.slice(-43));
    }

    // A connection keeps the SQLite file open in WAL mode: its side files exist now.
    expect(await database.user.count()).toBe(1);
    const db = site.env.DATABASE_URL.slice("file:".length);
    expect({
      folder: mode(site.dataDir),
      credentials: mode(site.credentialsFile),
      database: mode(db),
      wal: mode(`${db}-wal`),
      shm: mode(`${db}-shm`),
    }).toEqual({ folder: 0o700, credentials: 0o600, database: 0o600, wal: 0o600, shm: 0o600 });
  }, 180_000);

  it("changes nothing on a restart: a revoked demo key, a disabled demo user and a changed password stay so", async () => {
    const { DYNAMIQ_ACCESS_KEY: key, DEMO_PASSWORD: password } = credentialsIn(site.credentialsFile);
    const keyId = key!.split("_")[1]!;
    await site.run("access-keys", "revoke", keyId);
    await site.run("users", "disable", "demo@connections.local");
    const reset = await site.run("users", "reset-password", "demo@connections.local");
    const before =
      JSON.stringify(await database.user.findMany({ include: { memberships: true } })) +
      JSON.stringify(await database.accessKey.findMany());
    const fileBefore = readFileSync(site.credentialsFile, "utf8");

    for (let restart = 0; restart < 2; restart++) {
      const again = await site.seed();
      expect(again.json).toEqual({
        seeded: false,
        project: { id: "prj_demo", name: "Demo" },
        user: { email: "demo@connections.local" },
        credentials_file: null,
      });
      const notice = demoNotice({ demo: again.json, url: "http://localhost:3000", defaultFile: site.credentialsFile, keyNotice: null });
      expect(notice).toContain(`in ${site.credentialsFile}, written when the demo was created`);
      for (const said of [again.stdout, again.stderr, notice]) {
        for (const secret of [password!, reset.json.password, key!.slice(-43)]) expect(said).not.toContain(secret);
      }
    }
    expect(
      JSON.stringify(await database.user.findMany({ include: { memberships: true } })) +
        JSON.stringify(await database.accessKey.findMany()),
    ).toBe(before);
    expect(await database.accessKey.findUniqueOrThrow({ where: { id: keyId } })).toMatchObject({ revokedAt: expect.any(Date) });
    expect(await database.user.findUniqueOrThrow({ where: { email: "demo@connections.local" } })).toMatchObject({
      disabledAt: expect.any(Date),
    });
    expect(readFileSync(site.credentialsFile, "utf8")).toBe(fileBefore);

    // Not even a deleted demo key comes back.
    await database.accessKey.delete({ where: { id: keyId } });
    await site.seed();
    expect(await database.accessKey.count({ where: { projectId: "prj_demo" } })).toBe(0);
  }, 300_000);

  it("leaves the demo rows of an install seeded before this mark as they are, and writes no credentials", async () => {
    const old = install();
    await old.run("db", "migrate");
    const oldDb = createPrismaClient(old.env.DATABASE_URL);
    try {
      await oldDb.project.create({ data: { id: "prj_demo", name: "Demo" } });
      await oldDb.user.create({
        data: { id: "usr_demo", email: "demo@connections.local", passwordHash: "scrypt$1$1$1$a$b", disabledAt: new Date() },
      });
      await oldDb.accessKey.create({
        data: { id: "00000000000000aa", projectId: "prj_demo", name: "demo", secretHash: "ab", revokedAt: new Date() },
      });
      const before = JSON.stringify(await oldDb.user.findMany()) + JSON.stringify(await oldDb.accessKey.findMany());

      const seeded = await old.seed();
      expect(seeded.json).toMatchObject({
        seeded: true,
        user: { created: false },
        access_key: { id: null, created: false },
        credentials_file: null,
      });
      expect(JSON.stringify(await oldDb.user.findMany()) + JSON.stringify(await oldDb.accessKey.findMany())).toBe(before);
      expect(() => statSync(old.credentialsFile)).toThrow();
    } finally {
      await oldDb.$disconnect();
    }
  }, 180_000);

  it("makes an existing data folder 0700 and the files an older install left in it 0600 (npm start does this first)", () => {
    const dir = join(scratchDir("data-modes"), "data");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    for (const name of ["connections.db", "connections.db-wal", "local.env", "demo-credentials.txt"]) {
      writeFileSync(join(dir, name), "x", { mode: 0o644 });
      chmodSync(join(dir, name), 0o644);
    }
    privateDataDir(dir);
    expect(mode(dir)).toBe(0o700);
    for (const name of ["connections.db", "connections.db-wal", "local.env", "demo-credentials.txt"])
      expect({ name, mode: mode(join(dir, name)) }).toEqual({ name, mode: 0o600 });
  });
});
