import type { NextConfig } from "next";
import { API_HEADERS, HSTS_HEADER, SECURITY_HEADERS } from "./src/server/http/security-headers.ts";
import { FORWARDED_HTTPS_PATTERN } from "./src/server/http/served-over-https.ts";

const list = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const config: NextConfig = {
  // Native and Node-only dependencies load from node_modules at run time instead of being bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "ssh2",
    "sshpk",
    "pg",
    "mysql2",
    "@clickhouse/client",
    "trino-client",
    "vertica-nodejs",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pino",
  ],
  transpilePackages: ["@connections/core", "@connections/api", "@connections/db", "@connections/tunnel", "@connections/drivers"],
  poweredByHeader: false,
  // npm test type-checks every package (the web app included) just before it builds, so it sets
  // this and the build skips checking them again; `npm start` and a plain `next build` check.
  typescript: { tsconfigPath: "tsconfig.json", ignoreBuildErrors: process.env.CONNECTIONS_TYPES_CHECKED === "1" },
  // Pages get their CSP, with a nonce, from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: list(SECURITY_HEADERS) },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: FORWARDED_HTTPS_PATTERN }], headers: [HSTS_HEADER] },
      ...["/v1/:path*", "/api/:path*", "/sign-out"].map((source) => ({ source, headers: list(API_HEADERS) })),
    ];
  },
};

export default config;
