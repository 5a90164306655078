// The servers one bench run measures against, all on loopback so the direct path exists.
import {
  freePort,
  scratchDir,
  sshKeygen,
  startClickHouse,
  startMariaDb,
  startPeerProcess,
  startPostgres,
  startSshd,
  type GeneratedKey,
  type SshdServer,
} from "@connections/testkit";

export type DatabaseAddress = Record<string, unknown> & { host: string; port: number };

export interface BenchEnvironment {
  sshd: SshdServer;
  key: GeneratedKey;
  /** Driver configs (host 127.0.0.1) by database. */
  configs: Record<"pg" | "mysql2" | "clickhouse" | "trino", DatabaseAddress>;
  /** Each database server's process, for CPU accounting. */
  pids: Record<"pg" | "mysql2" | "clickhouse" | "trino", number>;
  stop(): Promise<void>;
}

export async function startEnvironment(extraAuthorizedKeys: string[] = []): Promise<BenchEnvironment> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const halt of stops.reverse()) await halt().catch(() => {});
  };
  try {
    const key = sshKeygen(scratchDir("bench"), "bench");
    const sshd = await startSshd({ authorizedKeys: [key.publicKey, ...extraAuthorizedKeys] });
    stops.push(() => sshd.stop());
    const pg = await startPostgres({ password: true });
    stops.push(() => pg.stop());
    const maria = await startMariaDb();
    stops.push(() => maria.stop());
    const clickhouse = await startClickHouse();
    stops.push(() => clickhouse.stop());
    const trino = await startPeerProcess("trino", { bindAddress: "127.0.0.1" }, await freePort());
    stops.push(() => trino.stop());
    return {
      sshd,
      key,
      configs: {
        pg: { host: "127.0.0.1", port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password },
        mysql2: { host: "127.0.0.1", port: maria.port, database: maria.database, user: maria.user, password: maria.password },
        clickhouse: {
          host: "127.0.0.1",
          port: clickhouse.httpPort,
          database: clickhouse.database,
          user: clickhouse.user,
          password: clickhouse.password,
        },
        trino: { host: "127.0.0.1", port: trino.port, user: trino.user, password: trino.password, catalog: "memory", schema: "default" },
      },
      pids: { pg: pg.pid, mysql2: maria.pid, clickhouse: clickhouse.pid, trino: trino.pid },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
