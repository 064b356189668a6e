import { describe, expect, it } from "vitest";
import { computeTotals, median, normalisedScore } from "../../src/bench/totals.js";
import { sampleResults } from "./helpers/sample-results.js";

describe("normalised score and totals", () => {
  it("puts the floor at 0 and the reference at 1 in either direction; invalid is 0, unknown reference null", () => {
    expect(normalisedScore(0.7727, 0.622, 0.7727)).toBeCloseTo(1, 12);
    expect(normalisedScore(0.622, 0.622, 0.7727)).toBe(0);
    expect(normalisedScore(0.2739, 0.4169, 0.1309)).toBeCloseTo(0.5, 12);
    expect(normalisedScore(null, 0.4169, 0.1309)).toBe(0);
    expect(normalisedScore(0.9, 0.5, null)).toBeNull();
    expect(normalisedScore(0.9, 0.5, 0.5)).toBeNull();
  });

  it("totals each mode: valid rate, mean normalised score, median time, calls, tokens, fixes", () => {
    const [pipeline, vanilla] = computeTotals(sampleResults().results, ["pipeline", "vanilla"]);
    expect(pipeline).toMatchObject({
      mode: "pipeline",
      tasks: 3,
      valid: 3,
      validRate: 1,
      normalisedTasks: 3,
      medianSeconds: 14,
      modelCalls: 12,
      tokens: 3900,
      fixAttempts: 0,
    });
    expect(vanilla).toMatchObject({ mode: "vanilla", tasks: 3, valid: 2, modelCalls: 3, fixAttempts: 3 });
    expect(vanilla.validRate).toBeCloseTo(2 / 3, 12);
    const rows = sampleResults().results.filter((r) => r.mode === "vanilla");
    expect(vanilla.meanNormalised).toBeCloseTo(rows.reduce((a, r) => a + r.normalised!, 0) / 3, 12);
    expect(computeTotals([], ["pipeline"])).toEqual([]);
  });

  it("takes medians of odd and even lists", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
