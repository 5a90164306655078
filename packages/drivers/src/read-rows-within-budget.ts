import type { EventEmitter } from "node:events";
import type { QueryResult } from "@connections/core";
import type { ResultBudget } from "./result-budget.ts";

/** The connection's socket, to stop reading it while a streamed result's reader is behind. */
export interface Flow {
  pause(): void;
  resume(): void;
}

/**
 * Feeds the rows of a pg-style query (pg and vertica-nodejs emit "row" for each DataRow and, with
 * a listener, keep none themselves) into the budget as they arrive. When the budget is spent,
 * `stopReading` ends the transfer (the session is closed after the query anyway) and the promise
 * resolves; errors after that point are the ones the stop caused. While a streaming budget's
 * reader is behind, `flow` is paused, so the rest of the result waits in the database's socket.
 */
export function readRowsWithinBudget<F>(
  query: EventEmitter,
  budget: ResultBudget,
  toColumns: (fields: F[]) => QueryResult["columns"],
  stopReading: () => void,
  flow: Flow,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let described = false;
    const describe = (fields: F[]) => {
      if (!described) budget.setColumns(toColumns(fields));
      described = true;
    };
    query.on("row", (row: unknown[], result: { fields: F[] }) => {
      describe(result.fields);
      if (budget.stopped) return;
      if (budget.offer(row)) {
        if (budget.waiting) {
          flow.pause();
          void budget.drained().then(() => flow.resume());
        }
        return;
      }
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
