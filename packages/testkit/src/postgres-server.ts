import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startProcess, waitFor } from "./child-process.ts";
import { freePort } from "./free-port.ts";

export interface PostgresServer {
  url: string;
  port: number;
  pid: number;
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

// initdb refuses to run as root; run the server as the `postgres` user then. setpriv execs, so
// the PID we get is the server's own.
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["setpriv", ["--reuid", "postgres", "--regid", "postgres", "--init-groups", command, ...args]] : [command, args];
}

/** A throwaway PostgreSQL cluster on 127.0.0.1, with a `connections` database. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "connections-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const [initCmd, initArgs] = asServerUser(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  execFileSync(initCmd, initArgs, { stdio: "ignore" });
  const port = await freePort();
  const [cmd, args] = asServerUser(join(bin, "postgres"), [
    "-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
  ]);
  const server = startProcess(cmd, args, join(tmpdir(), `connections-pg-${port}.log`));
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await waitFor("PostgreSQL", async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.end();
    return true;
  }, 30_000, server);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query("CREATE DATABASE connections");
  await client.end();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/connections`,
    port,
    pid: server.pid,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
