import { appendFileSync } from "node:fs";
import { testkitEnv } from "./env.ts";

/** One measured figure of the reliability table (issue #5), as a test asserted it. */
export interface Figure {
  /** The requirement it proves, e.g. "R1". */
  id: string;
  /** What was measured, in a few words. */
  measure: string;
  /** The figure as measured, with its unit. */
  value: string;
  /** What the test asserts. */
  target: string;
}

/**
 * Appends a figure to the file `npm run test:reliability` reads. Call it after the assertions
 * that prove it, so a failing test records nothing.
 */
export function recordFigure(figure: Figure): void {
  const file = testkitEnv().CONNECTIONS_FIGURES_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

/** Full trial counts under `npm run test:soak` / `test:reliability`; the quick count in `npm test`. */
export function trials(full: number, quick: number): number {
  return testkitEnv().CONNECTIONS_SOAK ? full : quick;
}
