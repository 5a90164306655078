import { describe, expect, it } from "vitest";
import { ratio, reverseRows, type PathFigures } from "../src/reverse-measures.ts";

const forward: PathFigures = {
  warmP50Ms: 0.2,
  warmP99Ms: 4,
  newSessionMs: 50,
  closeMs: 18,
  bulkMbPerS: 60,
  bulkProcessMsPerMb: 15,
  bulkPeerMsPerMb: 0,
};

describe("the reverse-tunnel table", () => {
  it("puts each measure's forward and reverse figures side by side with reverse / forward", () => {
    const rows = reverseRows(forward, { ...forward, warmP50Ms: 0.25, bulkMbPerS: 45, bulkPeerMsPerMb: 2 });
    expect(rows.map((row) => row.measure)).toEqual([
      "warm query p50, ms",
      "warm query p99, ms",
      "new session (channel, login, first query), ms",
      "session close, ms",
      "bulk, MB/s",
      "bulk CPU, this process, ms per MB",
      "bulk CPU, sshd or agent, ms per MB",
    ]);
    expect(rows[0]).toEqual({ measure: "warm query p50, ms", forward: 0.2, reverse: 0.25, reverse_over_forward: 1.25 });
    expect(rows[4]).toMatchObject({ forward: 60, reverse: 45, reverse_over_forward: 0.75 });
    expect(rows[2]!.reverse_over_forward).toBe(1);
  });

  it("rounds ratios to 0.01 and gives none without a baseline", () => {
    expect(ratio(2, 3)).toBe(0.67);
    expect(ratio(2, 0)).toBeNull();
    expect(reverseRows(forward, forward)[6]!.reverse_over_forward).toBeNull();
  });
});
