// Developer tool: writes the next migration for both providers from the change in
// prisma/models.prisma, as `prisma migrate dev --create-only` would.
//   pnpm --filter @connections/db migration:create <name>
// SQLite replays the history in an in-memory shadow database. PostgreSQL needs an empty scratch
// database in SHADOW_DATABASE_URL (it is wiped).
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { SHADOW_DATABASE_URL } from "./env.mjs";
import { openSchemaEngine } from "./schema-engine.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: migration:create <name>   (lower-case letters, digits and _)");
  process.exit(2);
}
const root = fileURLToPath(new URL("../../../", import.meta.url));

function schemaFiles(provider) {
  const dir = join(root, "prisma", provider);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".prisma"))
    .map((f) => ({ path: join(dir, f), content: readFileSync(join(dir, f), "utf8") }));
}

function migrationList(baseDir) {
  const dirs = existsSync(baseDir) ? readdirSync(baseDir, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(join(baseDir, "migration_lock.toml")) ? readFileSync(join(baseDir, "migration_lock.toml"), "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs
      .map((d) => d.name)
      .sort()
      .map((dir) => ({
        path: dir,
        migrationFile: { path: "migration.sql", content: { tag: "ok", value: readFileSync(join(baseDir, dir, "migration.sql"), "utf8") } },
      })),
  };
}

// The engine replays each migration file through executeRaw, but better-sqlite3 runs one
// statement per call; a parameterless multi-statement text goes to executeScript instead.
async function scriptAware(connecting) {
  const adapter = await connecting;
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

// The engine's PostgreSQL describer reads catalog columns of type "char" (OID 18), which the pg
// adapter cannot map; they hold one character, so report them as text (OID 25).
function charAsText(adapter) {
  const performIO = adapter.performIO.bind(adapter);
  adapter.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  return adapter;
}

function shadowFactory(provider) {
  if (provider === "sqlite") {
    const make = () => scriptAware(new PrismaBetterSqlite3({ url: ":memory:" }).connect());
    return { provider: "sqlite", adapterName: "shadow", connect: make, connectToShadowDb: make };
  }
  const url = SHADOW_DATABASE_URL;
  const connect = () => {
    if (!url) throw new Error("set SHADOW_DATABASE_URL to an empty scratch PostgreSQL database");
    return new PrismaPg({ connectionString: url }).connect().then(charAsText);
  };
  const connectToShadowDb = async () => {
    const adapter = await connect();
    await adapter.executeScript('DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public";');
    return adapter;
  };
  return { provider: "postgres", adapterName: "shadow", connect, connectToShadowDb };
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
for (const provider of ["sqlite", "postgresql"]) {
  const files = schemaFiles(provider);
  const baseDir = join(root, "prisma", provider, "migrations");
  const history = migrationList(baseDir);
  const engine = await openSchemaEngine(files, shadowFactory(provider));
  const { stdout } = await engine.diff({
    from: history.migrationDirectories.length ? { tag: "migrations", ...history } : { tag: "empty" },
    to: { tag: "schemaDatamodel", files },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  engine.free();
  if (!stdout || /^-- This is an empty migration\.\s*$/.test(stdout)) {
    console.log(`${provider}: no changes`);
    continue;
  }
  const dir = join(baseDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), stdout);
  writeFileSync(join(baseDir, "migration_lock.toml"), `provider = "${provider}"\n`);
  console.log(`${provider}: wrote ${dir}/migration.sql`);
}
