import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The monorepo root (the folder holding pnpm-workspace.yaml), whatever the process's cwd. */
export function projectRoot(from: string = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
