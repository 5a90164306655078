import type { NextConfig } from "next";

const config: NextConfig = {
  // Native and Node-only dependencies load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "ssh2", "sshpk", "pg", "mysql2", "@clickhouse/client", "trino-client", "vertica-nodejs", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pino"],
  transpilePackages: ["@connections/core", "@connections/api", "@connections/db", "@connections/tunnel", "@connections/drivers"],
  poweredByHeader: false,
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default config;
