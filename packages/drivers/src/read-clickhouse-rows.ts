import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { ResultBudget } from "./result-budget.ts";

/**
 * Reads ClickHouse's JSONCompact answer as it streams in: the meta block, then one row per line
 * between `\t"data":` `\t[` and `\t]` (18.16, the version tested, has no JSONCompactEachRow).
 * JSON escapes newlines inside values, so no value spans lines. Rows go into the budget; when it
 * stops, the response is dropped, which closes the HTTP connection and ends the query. Text that
 * is not a row where one was expected is ClickHouse's error after a 200 status, and is thrown.
 */
export async function readClickHouseRows(stream: Readable, budget: ResultBudget): Promise<void> {
  const meta: string[] = [];
  let section: "meta" | "data" | "tail" = "meta";
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (section === "meta") {
      if (line === '\t"data":') {
        budget.setColumns(parseMeta(meta));
        section = "data";
      } else meta.push(line);
    } else if (section === "data" && line !== "\t[") {
      if (line === "\t]," || line === "\t]") section = "tail";
      else if (!budget.offer(parseRow(line))) {
        stream.destroy();
        return;
      } else if (budget.waiting) {
        // The loop stops reading, so the response waits in its socket until the reader catches up.
        await budget.drained();
      }
    }
  }
  if (section === "meta" && meta.join("").trim()) throw new Error(meta.join("\n"));
}

function parseMeta(lines: string[]): Array<{ name: string; type: string }> {
  const text = `${lines.join("\n").trim().replace(/,$/, "")}}`;
  return (JSON.parse(text) as { meta: Array<{ name: string; type: string }> }).meta.map((m) => ({ name: m.name, type: m.type }));
}

function parseRow(line: string): unknown[] {
  const text = line.trim().replace(/,$/, "");
  if (!text.startsWith("[")) throw new Error(line.trim());
  try {
    return JSON.parse(text) as unknown[];
  } catch {
    throw new Error(line.trim());
  }
}
