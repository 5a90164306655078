import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dirs: string[] = [];
process.once("exit", () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed when the test process exits, pass or fail. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `connections-${prefix}-`));
  dirs.push(dir);
  return dir;
}
