import type { EventEmitter } from "node:events";
import type { QueryResult } from "@connections/core";
import type { ResultBudget } from "./result-budget.ts";

/**
 * Feeds the rows of a pg-style query (pg and vertica-nodejs emit "row" for each DataRow and, with
 * a listener, keep none themselves) into the budget as they arrive. When the budget is spent,
 * `stopReading` ends the transfer (the session is closed after the query anyway) and the promise
 * resolves; errors after that point are the ones the stop caused.
 */
export function readRowsWithinBudget<F>(
  query: EventEmitter,
  budget: ResultBudget,
  toColumns: (fields: F[]) => QueryResult["columns"],
  stopReading: () => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let described = false;
    const describe = (fields: F[]) => {
      if (!described) budget.setColumns(toColumns(fields));
      described = true;
    };
    query.on("row", (row: unknown[], result: { fields: F[] }) => {
      describe(result.fields);
      if (budget.stopped || budget.offer(row)) return;
      stopReading();
      resolve();
    });
    query.once("end", (result: { fields: F[] }) => {
      describe(result.fields);
      resolve();
    });
    query.once("error", (error: Error) => {
      if (!budget.stopped) reject(error);
    });
  });
}
