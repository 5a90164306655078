import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startProcess, waitFor } from "./child-process.ts";
import { freePort } from "./free-port.ts";
import { inNetns } from "./network-namespace.ts";
import type { TlsFiles } from "./tls-certificates.ts";

export interface PostgresOptions {
  /** Where to listen; default 127.0.0.1. */
  bindAddress?: string;
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string;
  /** Serve TLS (`ssl=on`) with this certificate; clients may still connect without it. */
  tls?: TlsFiles;
  /** TCP clients must authenticate with scram-sha-256, and `app` is created. */
  password?: boolean;
}

export interface PostgresServer {
  /** Superuser URL for the `connections` database (with the superuser's password when `password` is set). */
  url: string;
  host: string;
  port: number;
  pid: number;
  /** With `password`: role `app_user` owning database `app` with table `items` (3 rows). */
  app?: { user: string; password: string; database: string };
  stop(): Promise<void>;
}

function binDir(): string {
  const candidates = ["/usr/local/bin", ...listVersions("/usr/lib/postgresql").map((v) => `/usr/lib/postgresql/${v}/bin`)];
  const found = candidates.find((dir) => existsSync(join(dir, "postgres")) && existsSync(join(dir, "initdb")));
  if (!found) throw new Error("PostgreSQL server binaries not found: install them with `apt-get install postgresql`");
  return found;
}

function listVersions(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort().reverse() : [];
}

const asRoot = process.getuid?.() === 0;

// initdb refuses to run as root; run the server as the `postgres` user then. setpriv execs, so
// the PID we get is the server's own.
function asServerUser(command: string, args: string[]): [string, string[]] {
  return asRoot ? ["setpriv", ["--reuid", "postgres", "--regid", "postgres", "--init-groups", command, ...args]] : [command, args];
}

/** A throwaway PostgreSQL cluster on 127.0.0.1 (or `bindAddress`), with a `connections` database. */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "connections-pg-"));
  // Everything in the dir (data, copied TLS files) must belong to the server user: it insists on owning its key.
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  const owner = asRoot ? { uid: id("-u"), gid: id("-g") } : undefined;
  const own = (path: string) => owner && chownSync(path, owner.uid, owner.gid);
  own(dir);
  const host = options.bindAddress ?? "127.0.0.1";
  const superPassword = randomBytes(12).toString("hex");
  const appPassword = randomBytes(12).toString("hex");
  const data = join(dir, "data");
  const auth = options.password ? ["--auth-local=trust", "--auth-host=scram-sha-256", `--pwfile=${join(dir, "pwfile")}`] : ["--auth=trust"];
  if (options.password) {
    writeFileSync(join(dir, "pwfile"), superPassword);
    own(join(dir, "pwfile"));
  }
  const [initCmd, initArgs] = asServerUser(join(bin, "initdb"), ["-D", data, "-U", "postgres", ...auth, "--no-sync", "-E", "UTF8"]);
  try {
    execFileSync(initCmd, initArgs, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // initdb only lets loopback clients in; with bindAddress they may come through a bastion in another namespace.
  appendFileSync(join(data, "pg_hba.conf"), `host all all all ${options.password ? "scram-sha-256" : "trust"}\n`);

  const ssl: string[] = [];
  if (options.tls) {
    for (const [name, from] of [
      ["server.crt", options.tls.certPath],
      ["server.key", options.tls.keyPath],
      ["ca.crt", options.tls.caPath],
    ] as const) {
      copyFileSync(from, join(dir, name));
      own(join(dir, name));
    }
    chmodSync(join(dir, "server.key"), 0o600);
    ssl.push(
      "-c",
      "ssl=on",
      "-c",
      `ssl_cert_file=${join(dir, "server.crt")}`,
      "-c",
      `ssl_key_file=${join(dir, "server.key")}`,
      "-c",
      `ssl_ca_file=${join(dir, "ca.crt")}`,
    );
  }

  const port = await freePort();
  const [cmd, args] = asServerUser(join(bin, "postgres"), [
    "-D",
    data,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    `listen_addresses=${host}`,
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    ...ssl,
  ]);
  const server = startProcess(...inNetns(options.netns, cmd, args), join(dir, "postgres.log"));
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  // Setup goes through the Unix socket (always trusted): it works even when TCP is only reachable inside a namespace.
  const viaSocket = async (user: string, database: string, sql: string[]) => {
    const client = new pg.Client({ host: dir, port, user, database });
    await client.connect();
    try {
      for (const statement of sql) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  try {
    await waitFor("PostgreSQL", async () => (await viaSocket("postgres", "postgres", []), true), 30_000, server);
    await viaSocket("postgres", "postgres", ["CREATE DATABASE connections"]);
    if (options.password) {
      await viaSocket("postgres", "postgres", [
        `CREATE ROLE app_user LOGIN PASSWORD '${appPassword}'`,
        "CREATE DATABASE app OWNER app_user",
      ]);
      await viaSocket("app_user", "app", [
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')",
      ]);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `postgresql://postgres${options.password ? `:${superPassword}` : ""}@${urlHost}:${port}/connections`,
    host,
    port,
    pid: server.pid,
    ...(options.password ? { app: { user: "app_user", password: appPassword, database: "app" } } : {}),
    stop,
  };
}
