// `npm run test:soak`: the reliability tests at their full trial counts (100 sshd kills, 10,000
// tunnel cycles, thousands of generated payloads). `npm run test:reliability` runs the same plus
// the API tests that hold the other figures of #5 and #11, then prints the figures table.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareTests } from "./lib/prepare-tests.mjs";
import { step } from "./lib/run.mjs";
import { runVitest } from "./lib/vitest-run.mjs";

const withTable = process.argv.includes("--table");
/** API test files (run on SQLite) whose figures belong in the table. */
const API_FIGURE_FILES = [
  "secret-exposure",
  "encryption-rotate",
  "secrets.test",
  "busy-limits",
  "target-policy",
  "http-drivers-stay-on-target",
  "server-text-quoted",
  "throttling",
  "secrets-retarget",
  "host-key-pin-sticky",
  "key-corpus",
  "browser-hardening",
  "hostile-input",
  "operator-access",
  "result-bytes",
];

const figuresFile = join(mkdtempSync(join(tmpdir(), "connections-figures-")), "figures.jsonl");
const env = { ...(await prepareTests({ checks: false })), CONNECTIONS_SOAK: "1", CONNECTIONS_FIGURES_FILE: figuresFile };
step(withTable ? "running the reliability tests and the API tests with figures" : "running the reliability tests at full counts");
const args = withTable
  ? ["--project", "reliability", "--project", "api", "apps/web/test/reliability/", ...API_FIGURE_FILES.map((f) => `apps/web/test/api/${f}`)]
  : ["--project", "reliability"];
const status = runVitest(args, env);

if (withTable) printTable(readFigures());
process.exit(status);

function readFigures() {
  try {
    return readFileSync(figuresFile, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

function printTable(figures) {
  if (figures.length === 0) {
    console.log("\nno figures were recorded");
    return;
  }
  figures.sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
  const rows = [["", "measure", "measured", "asserted"], ...figures.map((f) => [f.id, f.measure, f.value, f.target])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  console.log(`\nReliability and security figures (#5, #11), ${new Date().toISOString()}\n`);
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}
