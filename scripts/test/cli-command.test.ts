import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleIsFresh } from "../lib/cli-command.mjs";

// When `npm run cli` may run the CLI's bundle instead of its sources: a stale bundle must never run.

let root: string;
const bundle = () => join(root, "dist/cli.mjs");
const manifest = () => join(root, "dist/cli.manifest.json");
const fresh = () => bundleIsFresh(bundle(), manifest(), root);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cli-command-"));
  write("src/main.ts", "main");
  write("src/other.ts", "other");
  write("node_modules/zod/index.js", "");
  write("dist/cli.mjs", "");
  const sources = { "src/main.ts": sha256("main"), "src/other.ts": sha256("other") };
  write("dist/cli.manifest.json", JSON.stringify({ sources, packages: ["../node_modules/zod/index.js"] }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("bundleIsFresh", () => {
  it("is fresh while every source has the content it was built from and every npm file is there", () => {
    expect(fresh()).toBe(true);
  });

  it("stays fresh when a source is rewritten with the same content, as prisma generate does", () => {
    write("src/other.ts", "other");
    expect(fresh()).toBe(true);
  });

  it("is stale once any source changes", () => {
    write("src/other.ts", "other, edited");
    expect(fresh()).toBe(false);
  });

  it("is stale when a source it was built from is gone", () => {
    rmSync(join(root, "src/other.ts"));
    expect(fresh()).toBe(false);
  });

  it("is stale when an npm file it imports is no longer installed", () => {
    rmSync(join(root, "node_modules"), { recursive: true });
    expect(fresh()).toBe(false);
  });

  it("is stale without a bundle or a manifest", () => {
    rmSync(bundle());
    expect(fresh()).toBe(false);
    write("dist/cli.mjs", "");
    rmSync(manifest());
    expect(fresh()).toBe(false);
  });
});
