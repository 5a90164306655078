// Runs vitest with a JSON report beside the console one and prints the totals line CI reads.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./paths.mjs";
import { capture } from "./run.mjs";

export function runVitest(args, env) {
  const report = join(mkdtempSync(join(tmpdir(), "connections-report-")), "vitest.json");
  const tests = capture(
    "pnpm",
    ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args],
    {
      cwd: ROOT,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  try {
    const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report, "utf8"));
    console.log(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped`);
  } catch {
    console.error("\nno test report was written");
  }
  return tests.status ?? 1;
}
