import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { startProcess, waitFor } from "./child-process.ts";
import { freePort } from "./free-port.ts";
import { inNetns } from "./network-namespace.ts";
import { scratchDir } from "./scratch-dir.ts";
import type { TlsFiles } from "./tls-certificates.ts";

export interface MariaDbOptions {
  /** Where to listen; default 127.0.0.1. */
  bindAddress?: string;
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string;
  /** Serve TLS with this certificate (clients are not required to use it). */
  tls?: TlsFiles;
}

export interface MariaDbServer {
  host: string;
  port: number;
  pid: number;
  /** `app_user` (mysql_native_password, any host) owning database `app` with table `items` (3 rows). */
  user: string;
  password: string;
  database: string;
  stop(): Promise<void>;
}

/** A throwaway MariaDB server with real authentication, run as root (`--user=root`) in a scratch dir. */
export async function startMariaDb(options: MariaDbOptions = {}): Promise<MariaDbServer> {
  const dir = scratchDir("mariadb");
  const data = join(dir, "data");
  const socketPath = join(dir, "mariadb.sock");
  const host = options.bindAddress ?? "127.0.0.1";
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  try {
    execFileSync(
      "mariadb-install-db",
      [
        "--no-defaults",
        "--auth-root-authentication-method=normal",
        `--datadir=${data}`,
        "--user=root",
        "--skip-test-db",
        "--skip-name-resolve",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const [command, args] = inNetns(options.netns, "/usr/sbin/mariadbd", [
    "--no-defaults",
    `--datadir=${data}`,
    `--socket=${socketPath}`,
    `--port=${port}`,
    `--bind-address=${host}`,
    `--pid-file=${join(dir, "mariadbd.pid")}`,
    `--tmpdir=${dir}`,
    "--user=root",
    "--skip-name-resolve",
    "--innodb-buffer-pool-size=16M",
    "--performance-schema=OFF",
    ...(options.tls ? [`--ssl-ca=${options.tls.caPath}`, `--ssl-cert=${options.tls.certPath}`, `--ssl-key=${options.tls.keyPath}`] : []),
  ]);
  const server = startProcess(command, args, join(dir, "mariadbd.log"));
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Setup goes through the Unix socket: it works even when TCP is only reachable inside a namespace.
    const admin = () => mysql.createConnection({ socketPath, user: "root", multipleStatements: true });
    await waitFor(
      "MariaDB",
      async () => {
        await (await admin()).end();
        return true;
      },
      30_000,
      server,
    );
    const connection = await admin();
    const [rootsOverTcp] = await connection.query<mysql.RowDataPacket[]>(
      "SELECT Host FROM mysql.user WHERE User = 'root' AND Host <> 'localhost'",
    );
    for (const { Host } of rootsOverTcp) await connection.query("DROP USER 'root'@?", [Host]); // Passwordless root only on the socket.
    await connection.query(
      `CREATE DATABASE app;
       CREATE USER 'app_user'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD(?);
       GRANT ALL PRIVILEGES ON app.* TO 'app_user'@'%';
       CREATE TABLE app.items (id INT PRIMARY KEY, name VARCHAR(50));
       INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three');`,
      [password],
    );
    await connection.end();
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, port, pid: server.pid, user: "app_user", password, database: "app", stop };
}
