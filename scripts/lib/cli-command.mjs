// How to start the admin CLI: its bundle (packages/api/dist/cli.mjs, made by the build) while it is
// fresh, else the TypeScript sources through tsx, so an edit without a rebuild never runs stale code.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CLI_BUNDLE, CLI_ENTRY, CLI_MANIFEST, ROOT } from "./paths.mjs";

/** Node's arguments for `cli …args`. */
export function cliNodeArgs(args) {
  return bundleIsFresh(CLI_BUNDLE, CLI_MANIFEST, ROOT) ? [CLI_BUNDLE, ...args] : ["--import", "tsx", CLI_ENTRY, ...args];
}

/**
 * Fresh: every source in the manifest (by path from `root`) still has the content the bundle was
 * made from, and every npm file it imports (by path from the bundle) is still installed. Contents,
 * not dates: a rewrite of the same content (`prisma generate`, a checkout) leaves it fresh.
 * Anything missing or unreadable means not fresh. Some 15 ms for the CLI's ~170 sources.
 */
export function bundleIsFresh(bundle, manifest, root) {
  try {
    const { sources, packages } = JSON.parse(readFileSync(manifest, "utf8"));
    return (
      existsSync(bundle) &&
      Object.entries(sources).every(([source, hash]) => sha256(resolve(root, source)) === hash) &&
      packages.every((file) => existsSync(resolve(dirname(bundle), file)))
    );
  } catch {
    return false;
  }
}

const sha256 = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");
