// process.env is read in one env module per package, where it is validated; everything else gets
// typed settings from there. Tests, test support and tool configs set up environments and may read it.

const MESSAGE = "Read environment variables only in the package's env module (src/env.ts, scripts/lib/env.mjs) and pass typed settings on.";

/** Files that may read process.env. */
export const ENV_MODULES = [
  "packages/*/src/env.ts",
  "apps/*/src/env.ts",
  "bench/src/env.ts",
  "packages/*/scripts/env.mjs",
  "scripts/lib/env.mjs",
];
const TESTS_AND_TOOLS = [
  "**/test/**",
  "**/*.test.{ts,tsx,mjs}",
  "packages/testkit/**",
  "**/*.config.{ts,mts,mjs,js}",
  // Next replaces process.env.NEXT_RUNTIME in the source at build time: it must stay a literal read.
  "apps/web/instrumentation.ts",
  // Runs inside the profiled server process, where the bench's env module is not loaded.
  "bench/src/cpu-profile-preload.mjs",
];

export function envAccess() {
  return [
    {
      name: "connections/env-access",
      rules: {
        // Covers process.env.X, process.env[x], { ...process.env } and const { env } = process.
        "no-restricted-properties": ["error", { object: "process", property: "env", message: MESSAGE }],
        // What no-restricted-properties cannot see: globalThis.process.env and node:process's named export.
        "no-restricted-syntax": [
          "error",
          { selector: "MemberExpression[property.name='env'][object.property.name='process']", message: MESSAGE },
          { selector: "ImportDeclaration[source.value=/^(node:)?process$/] > ImportSpecifier[imported.name='env']", message: MESSAGE },
        ],
      },
    },
    {
      name: "connections/env-access/allowed",
      files: [...ENV_MODULES, ...TESTS_AND_TOOLS],
      rules: { "no-restricted-properties": "off", "no-restricted-syntax": "off" },
    },
  ];
}
