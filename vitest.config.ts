import { defineConfig } from "vitest/config";

const apiSuite = (provider: "sqlite" | "postgres") => ({
  test: {
    name: `api-${provider}`,
    include: ["apps/web/test/api/**/*.test.ts"],
    globalSetup: [`apps/web/test/support/global-setup-${provider}.ts`],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["packages/*/test/**/*.test.ts", "tools/*/test/**/*.test.ts", "scripts/test/**/*.test.ts"], testTimeout: 30_000 } },
      apiSuite("sqlite"),
      apiSuite("postgres"),
      {
        test: {
          name: "tunnel",
          include: ["apps/web/test/tunnel/**/*.test.ts", "apps/web/test/browser/**/*.test.ts"],
          globalSetup: ["apps/web/test/support/global-setup-sqlite.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
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
