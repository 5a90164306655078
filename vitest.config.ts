import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// Each project is named for what it needs, so one can be run alone: `vitest run --project <name>`.

/** The testkit's own tests and the tunnel tests that need a real sshd: they start servers or network namespaces. */
const SERVER_TESTS = [
  "packages/testkit/test/**/*.test.ts",
  "packages/tunnel/test/forwarded-socket.test.ts",
  "packages/tunnel/test/key-formats-sshd.test.ts",
  "packages/tunnel/test/signed-key-auth.test.ts",
  "packages/tunnel/test/host-key-proof.test.ts",
  "packages/tunnel/test/agent-server.test.ts",
];

/**
 * Files about drivers, key parsing and HTTP handling, whose outcome does not depend on where rows
 * are stored: they run once, on SQLite. Everything that stores, reads or counts rows runs on both.
 */
const PROVIDER_INDEPENDENT = [
  "key-corpus",
  "result-bytes",
  "http-drivers-stay-on-target",
  "server-text-quoted",
  "browser-hardening",
  "undecodable-path",
  "target-policy",
].map((name) => `apps/web/test/api/${name}.test.ts`);

/** The built Next server on a migrated database of this provider. */
const apiSuite = (name: string, provider: "sqlite" | "postgres") => ({
  test: {
    name,
    include: ["apps/web/test/api/**/*.test.ts"],
    exclude: provider === "postgres" ? [...configDefaults.exclude, ...PROVIDER_INDEPENDENT] : configDefaults.exclude,
    globalSetup: [`apps/web/test/support/global-setup-${provider}.ts`],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // One module graph per worker: each file's import of the service, Prisma and the drivers cost
    // seconds; the files share only the server the global setup started, and each makes its own tenant.
    isolate: false,
  },
});

export default defineConfig({
  test: {
    // Vitest's default is one worker per core but one; most files here wait on real servers, so
    // on a 2-core machine a second worker fills the idle core: npm test went from 1104 s of vitest
    // (one worker) to 842 s (two), with the 1,000-cycle chain test added.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "tools/*/test/**/*.test.ts", "scripts/test/**/*.test.ts", "bench/test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "packages/api/test/service/**", ...SERVER_TESTS],
          testTimeout: 30_000,
          // Small files with no module state of their own: sharing one module graph per worker
          // spares each file its own import of zod, the schemas and the drivers.
          isolate: false,
        },
      },
      // Services and the tRPC router on a scratch SQLite file each: no Next build. The files share a
      // module graph per worker (each opens its own database and context), so Prisma, tRPC and
      // the drivers load once instead of once per file.
      {
        // The web app's route modules run in-process here: its path alias, and no Next bundle.
        resolve: {
          alias: {
            "~": fileURLToPath(new URL("apps/web/src", import.meta.url)),
            "server-only": fileURLToPath(new URL("apps/web/test/support/server-only-stand-in.ts", import.meta.url)),
          },
        },
        test: {
          name: "service",
          include: ["packages/api/test/service/**/*.test.ts", "apps/web/test/service/**/*.test.ts"],
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      { test: { name: "servers", include: SERVER_TESTS, testTimeout: 60_000, hookTimeout: 120_000 } },
      apiSuite("api", "sqlite"),
      apiSuite("api-postgres", "postgres"),
      {
        test: {
          name: "tunnel",
          include: ["apps/web/test/tunnel/**/*.test.ts"],
          globalSetup: ["apps/web/test/support/global-setup-sqlite.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // As the API suites: each file starts its own servers and browser, and shares only the modules.
          isolate: false,
        },
      },
      {
        test: {
          name: "browser",
          include: ["apps/web/test/browser/**/*.test.ts"],
          globalSetup: ["apps/web/test/support/global-setup-sqlite.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // As the API suites: each file starts its own servers and browser, and shares only the modules.
          isolate: false,
        },
      },
      {
        test: {
          name: "reliability",
          include: ["apps/web/test/reliability/**/*.test.ts"],
          globalSetup: ["apps/web/test/support/global-setup-sqlite.ts"],
          // Soak runs (CONNECTIONS_SOAK=1) repeat each fault 100 to 10,000 times.
          testTimeout: process.env.CONNECTIONS_SOAK === "1" ? 900_000 : 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
