import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startProcess, waitFor } from "./child-process.ts";
import { freePort } from "./free-port.ts";
import { inNetns, runScript } from "./network-namespace.ts";
import { scratchDir } from "./scratch-dir.ts";
import type { TlsFiles } from "./tls-certificates.ts";

export interface ClickHouseOptions {
  /** Where to listen; default 127.0.0.1. */
  bindAddress?: string;
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string;
  /** Also serve HTTPS with this certificate (on `httpsPort`). */
  tls?: TlsFiles;
}

export interface ClickHouseServer {
  host: string;
  httpPort: number;
  /** Set when started with `tls`. */
  httpsPort?: number;
  /** Native protocol port. */
  tcpPort: number;
  pid: number;
  /** `app_user` with a plain-text password; table `default.items` has 3 rows. */
  user: string;
  password: string;
  database: "default";
  stop(): Promise<void>;
}

// POSTs a query (or GETs /ping without one) as the passwordless `default` user; run inside the server's namespace.
const httpQuery = `
const [url, query] = process.argv.slice(1);
const response = await fetch(url, query ? { method: "POST", body: query } : {});
const text = await response.text();
if (!response.ok) { process.stderr.write(text); process.exit(1); }
process.stdout.write(text);
`;

// Poco's server context; clients are not asked for certificates.
const httpsConfig = (port: number, tls: TlsFiles) => `
  <https_port>${port}</https_port>
  <openSSL><server>
    <certificateFile>${tls.certPath}</certificateFile><privateKeyFile>${tls.keyPath}</privateKeyFile>
    <verificationMode>none</verificationMode><loadDefaultCAFile>false</loadDefaultCAFile>
    <cacheSessions>true</cacheSessions><disableProtocols>sslv2,sslv3</disableProtocols><preferServerCiphers>true</preferServerCiphers>
  </server></openSSL>`;

/** A throwaway ClickHouse server (Debian's 18.16) from a minimal config, everything in a scratch dir. */
export async function startClickHouse(options: ClickHouseOptions = {}): Promise<ClickHouseServer> {
  const dir = scratchDir("clickhouse");
  for (const sub of ["data", "tmp", "user_files"]) mkdirSync(join(dir, sub));
  const host = options.bindAddress ?? "127.0.0.1";
  const httpPort = await freePort();
  const ports = new Set([httpPort]);
  const distinctPort = async () => {
    let port = await freePort();
    while (ports.has(port)) port = await freePort();
    ports.add(port);
    return port;
  };
  const tcpPort = await distinctPort();
  const httpsPort = options.tls ? await distinctPort() : undefined;
  const password = randomBytes(12).toString("hex");

  writeFileSync(
    join(dir, "config.xml"),
    `<?xml version="1.0"?>
<yandex>
  <logger><level>information</level><log>${dir}/clickhouse.log</log><errorlog>${dir}/clickhouse.err.log</errorlog></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>${options.tls ? httpsConfig(httpsPort!, options.tls) : ""}
  <listen_host>${host}</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
</yandex>
`,
  );
  // Clients may come from other namespaces (through a bastion), hence ::/0; the listen address is what confines the server.
  const user = (name: string, pass: string) =>
    `<${name}><password>${pass}</password><networks><ip>::/0</ip></networks><profile>default</profile><quota>default</quota></${name}>`;
  writeFileSync(
    join(dir, "users.xml"),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default/></profiles>
  <quotas><default/></quotas>
  <users>${user("default", "")}${user("app_user", password)}</users>
</yandex>
`,
  );

  const [command, args] = inNetns(options.netns, "/usr/sbin/clickhouse-server", [`--config-file=${join(dir, "config.xml")}`]);
  const server = startProcess(command, args, join(dir, "clickhouse.out.log"), { cwd: dir });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${httpPort}/`;
  const query = (sql: string) => runScript(options.netns, httpQuery, [url, sql]);
  try {
    await waitFor("ClickHouse", async () => (await runScript(options.netns, httpQuery, [`${url}ping`])).startsWith("Ok."), 60_000, server);
    await query("CREATE TABLE default.items (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    await query("INSERT INTO default.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host,
    httpPort,
    ...(httpsPort ? { httpsPort } : {}),
    tcpPort,
    pid: server.pid,
    user: "app_user",
    password,
    database: "default",
    stop,
  };
}
