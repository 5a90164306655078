// `pnpm --filter @connections/api build`: the admin CLI as one plain-JavaScript file, so each
// `npm run cli` starts in Node at once instead of compiling the TypeScript sources first (tsx).
// scripts/cli.mjs runs it only while it is fresh, which dist/cli.manifest.json lets it check.
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const RESOLVING = Symbol("resolving an npm package");

/**
 * npm packages (native addons, Prisma's runtime and its wasm among them) stay outside the bundle.
 * With pnpm each workspace package sees only its own dependencies, and the bundle sits where none
 * of them resolve, so each import names the very file Node would load from the importing source.
 */
const npmPackagesExternal = {
  name: "npm-packages-external",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async ({ path, kind, resolveDir, pluginData }) => {
      if (isBuiltin(path)) return { external: true };
      if (path.startsWith("@connections/") || pluginData === RESOLVING) return undefined;
      const found = await build.resolve(path, { kind, resolveDir, pluginData: RESOLVING });
      if (found.errors.length > 0) return { errors: found.errors };
      return { path: relative(DIST, found.path), external: true };
    });
  },
};

/**
 * Hashes each source as it is read into the bundle: hashing after the build could miss a save made
 * while it ran. Contents, not dates: `prisma generate` rewrites the same client on every run.
 */
const sourceHashes = {};
const hashSources = {
  name: "hash-sources",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const contents = await readFile(path);
      sourceHashes[relative(ROOT, path)] = createHash("sha256").update(contents).digest("hex");
      return { contents, loader: "ts" };
    });
  },
};

const { metafile } = await build({
  absWorkingDir: ROOT,
  entryPoints: ["packages/api/src/cli/main.ts"],
  outfile: `${DIST}cli.mjs`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Node's own resolution: its conditions (no bundler-only "module") and package.json "main".
  conditions: [],
  mainFields: ["main"],
  plugins: [npmPackagesExternal, hashSources],
  metafile: true,
  logLevel: "warning",
});

const unhashed = Object.keys(metafile.inputs).filter((input) => !sourceHashes[input]);
if (unhashed.length > 0) throw new Error(`sources the freshness check cannot see: ${unhashed.join(", ")}`);
// What the bundle was made from (each source's SHA-256, by path from the root) and the npm files
// it imports (by path from dist/).
const [output] = Object.values(metafile.outputs);
const manifest = {
  sources: sourceHashes,
  packages: [...new Set(output.imports.filter((i) => i.external && i.path.startsWith(".")).map((i) => i.path))],
};
await writeFile(`${DIST}cli.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`packages/api/dist/cli.mjs: ${Object.keys(sourceHashes).length} sources, ${manifest.packages.length} npm files`);
