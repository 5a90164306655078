import type { LastTest as LastTestResult } from "@connections/core";

/** The list's "last test" cell: passed, or the stage and code it failed at, and when. */
export function LastTest({ result }: { result: LastTestResult | null }) {
  if (!result) return <span className="muted">not tested</span>;
  const when = <time dateTime={result.at}>{result.at.slice(0, 16).replace("T", " ")} UTC</time>;
  return result.ok ? (
    <span className="last-test">
      <span className="status ok">passed</span>
      <br />
      <span className="muted">{when}</span>
    </span>
  ) : (
    <span className="last-test">
      <span className="status failed">failed</span> at {result.failed_stage}
      <br />
      <code>{result.code}</code>
      <br />
      <span className="muted">{when}</span>
    </span>
  );
}
