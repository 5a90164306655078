import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The project's lint config, run through ESLint's API on virtual files: each habit the config
// enforces fails on code that breaks it and passes on code that keeps it.

const root = fileURLToPath(new URL("../../../", import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids reported for `code` as if it were the file at `path` (relative to the repo root). */
async function ruleIds(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
  return (result?.messages ?? []).map((m) => m.ruleId ?? "");
}

describe("import direction core <- tunnel, db <- drivers <- api <- web", () => {
  it.each([
    ["packages/core/src/x.ts", "@connections/api"],
    ["packages/core/src/x.ts", "@connections/tunnel"],
    ["packages/tunnel/src/x.ts", "@connections/api"],
    ["packages/tunnel/src/x.ts", "@connections/db"],
    ["packages/db/src/x.ts", "@connections/drivers"],
    ["packages/drivers/src/x.ts", "@connections/api"],
    ["packages/api/src/x.ts", "@connections/web"],
    ["packages/api/src/x.ts", "@connections/testkit"],
    ["apps/web/src/x.ts", "@connections/testkit"],
    ["apps/web/app/page.tsx", "@connections/bench"],
  ])("%s may not import %s", async (path, source) => {
    expect(await ruleIds(path, `import { x } from "${source}";\nexport const y = x;\n`)).toContain("no-restricted-imports");
  });

  it("catches type-only imports, subpaths and re-exports against the direction too", async () => {
    expect(await ruleIds("packages/core/src/x.ts", `import type { X } from "@connections/api";\nexport type Y = X;\n`)).toContain(
      "no-restricted-imports",
    );
    expect(await ruleIds("packages/tunnel/src/x.ts", `export { x } from "@connections/drivers/src/x.ts";\n`)).toContain(
      "no-restricted-imports",
    );
  });

  it("catches a relative path into a package the direction forbids", async () => {
    expect(await ruleIds("packages/core/src/x.ts", `import { x } from "../../api/src/index.ts";\nexport const y = x;\n`)).toContain(
      "no-restricted-imports",
    );
  });

  it.each([
    ["packages/tunnel/src/x.ts", "@connections/core"],
    ["packages/drivers/src/x.ts", "@connections/tunnel"],
    ["packages/api/src/x.ts", "@connections/drivers"],
    ["apps/web/src/x.ts", "@connections/api"],
    ["packages/tunnel/test/x.test.ts", "@connections/testkit"],
    ["apps/web/test/api/x.test.ts", "@connections/testkit"],
    ["packages/testkit/src/x.ts", "@connections/api"],
    ["bench/src/x.ts", "@connections/api"],
  ])("%s may import %s", async (path, source) => {
    expect(await ruleIds(path, `import { x } from "${source}";\nexport const y = x;\n`)).toEqual([]);
  });
});

describe("process.env only in env modules", () => {
  it.each([
    ["a property", "export const foo = process.env.FOO;\n"],
    ["an index", 'export const foo = process.env["FOO"];\n'],
    ["a spread", "export const env = { ...process.env, FOO: '1' };\n"],
    ["destructuring", "const { env } = process;\nexport const foo = env.FOO;\n"],
    ["globalThis", "export const foo = globalThis.process.env.FOO;\n"],
    ["an import from node:process", 'import { env } from "node:process";\nexport const foo = env.FOO;\n'],
  ])("reading it through %s outside one fails", async (_, code) => {
    const ids = await ruleIds("packages/api/src/x.ts", code);
    expect(ids.some((id) => id === "no-restricted-properties" || id === "no-restricted-syntax")).toBe(true);
  });

  it("the same read is allowed in a package's env module, scripts/lib/env.mjs and tests", async () => {
    expect(await ruleIds("packages/api/src/env.ts", "export const foo = process.env.FOO;\n")).toEqual([]);
    expect(await ruleIds("scripts/lib/env.mjs", "export const foo = process.env.FOO;\n")).toEqual([]);
    expect(await ruleIds("packages/api/test/x.test.ts", "export const foo = process.env.FOO;\n")).toEqual([]);
  });

  it("is enforced in the project scripts too", async () => {
    expect(await ruleIds("scripts/start.mjs", "export const port = process.env.PORT;\n")).toContain("no-restricted-properties");
  });
});

describe('no server-only import in a "use client" module', () => {
  const client = (imports: string) => `"use client";\n${imports}\nexport const y = x;\n`;

  it.each(["@connections/api", "@connections/db/src/x.ts", "server-only", "node:fs", "fs", "ssh2", "pg", "mysql2", "@prisma/client"])(
    "importing %s fails",
    async (source) => {
      expect(await ruleIds("apps/web/app/x.tsx", client(`import { x } from "${source}";`))).toContain(
        "connections/no-server-import-in-client",
      );
    },
  );

  it("a dynamic import and a re-export fail too", async () => {
    expect(await ruleIds("apps/web/app/x.tsx", client(`const x = await import("@connections/api");`))).toContain(
      "connections/no-server-import-in-client",
    );
    expect(await ruleIds("apps/web/app/x.tsx", `"use client";\nexport { x } from "@connections/tunnel";\n`)).toContain(
      "connections/no-server-import-in-client",
    );
  });

  it("type-only imports (erased from the bundle) and client-safe packages pass", async () => {
    expect(
      await ruleIds("apps/web/app/x.tsx", client(`import type { AppRouter } from "@connections/api";\nconst x: AppRouter | null = null;`)),
    ).toEqual([]);
    expect(await ruleIds("apps/web/app/x.tsx", client(`import { x } from "@connections/core";`))).toEqual([]);
  });

  it("the same import without the directive (a server module) passes", async () => {
    expect(await ruleIds("apps/web/app/x.tsx", `import { x } from "@connections/api";\nexport const y = x;\n`)).toEqual([]);
  });
});
