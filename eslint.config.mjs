// Lint for the whole monorepo (`npm run lint`). Syntax-only rules, no type information: a full
// run stays fast on a 2-core machine; `tsc` (npm run typecheck) covers the types.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";
import { envAccess } from "./tools/eslint/env-access.mjs";
import { importDirection } from "./tools/eslint/import-direction.mjs";
import connections from "./tools/eslint/plugin.mjs";

export default defineConfig(
  globalIgnores([
    "**/.next/",
    "**/.turbo/",
    "packages/db/src/generated/",
    "packages/api/dist/",
    "**/next-env.d.ts",
    "data/",
    "bench/results/",
    "test-results/",
    "playwright-report/",
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: "connections/typescript",
    rules: {
      // A leading underscore marks a value left out on purpose (`const { secret: _secret, ...rest } = row`).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // `/// <reference path>` brings an untyped module's declarations along to every package that compiles it.
      "@typescript-eslint/triple-slash-reference": ["error", { path: "always", types: "prefer-import", lib: "always" }],
    },
  },
  {
    name: "connections/tests",
    files: ["**/test/**/*.{ts,tsx}"],
    // Tests read JSON answers whose shape is the very thing under test; `any` keeps those reads short.
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  { name: "connections/node", files: ["**/*.{js,mjs,cjs}"], languageOptions: { globals: globals.node } },
  { name: "connections/web-react", files: ["apps/web/**/*.{ts,tsx}"], extends: [reactHooks.configs.flat.recommended] },
  {
    name: "connections/client-modules",
    files: ["apps/web/**/*.{ts,tsx}"],
    plugins: { connections },
    rules: { "connections/no-server-import-in-client": "error" },
  },
  importDirection(),
  envAccess(),
  prettier,
);
