import { describe, expect, it } from "vitest";
import { readReportedScore } from "../../../src/tools/task/reported-score.js";
import { holdoutObstacle } from "../../../src/tools/task/holdout-eligibility.js";

describe("readReportedScore: the script's claim is read, judged and never trusted", () => {
  it("takes the last claim in the metric's range", () => {
    expect(readReportedScore("VALIDATION_SCORE: 0.7\nVALIDATION_SCORE: 0.81\n", "accuracy")).toEqual({ score: 0.81, note: null });
    expect(readReportedScore("VALIDATION_SCORE: -0.3\n", "r2")).toEqual({ score: -0.3, note: null });
  });
  it("notes a missing, NaN, infinite or out-of-range claim and takes none", () => {
    expect(readReportedScore("done\n", "accuracy")).toEqual({ score: null, note: "no VALIDATION_SCORE line printed" });
    expect(readReportedScore("VALIDATION_SCORE: nan\n", "accuracy").note).toBe("printed nan: not a number");
    expect(readReportedScore("VALIDATION_SCORE: inf\n", "rmse").note).toBe("printed inf: infinite");
    expect(readReportedScore("VALIDATION_SCORE: 1e308\n", "accuracy")).toEqual({
      score: null,
      note: "printed 1e308: outside accuracy's range [0, 1]",
    });
    expect(readReportedScore("VALIDATION_SCORE: -2\n", "rmse").score).toBeNull();
    expect(readReportedScore("VALIDATION_SCORE: high\n", "auc").note).toBe("printed high: not a number");
  });
  it("accepts any finite claim for an unknown metric", () => {
    expect(readReportedScore("VALIDATION_SCORE: 1234.5\n", null).score).toBe(1234.5);
  });
});

describe("holdoutObstacle", () => {
  const base = {
    trainFile: "train.csv",
    testFile: "test.csv",
    sampleSubmissionFile: "sample_submission.csv",
    idColumn: "id",
    constantTarget: null,
    targetKind: "single",
    files: ["train.csv", "test.csv", "sample_submission.csv"].map((name) => ({
      name,
      rows: 500,
      format: { kind: "table", delimiter: ",", encoding: "utf-8", decimal: ".", compression: null },
    })),
  } as unknown as Parameters<typeof holdoutObstacle>[0];

  it("lets a plain CSV task be split", () => expect(holdoutObstacle(base)).toBeNull());
  it("names why a task cannot be split", () => {
    expect(holdoutObstacle({ ...base, testFile: null })).toMatch(/no test file/);
    expect(holdoutObstacle({ ...base, constantTarget: "1" })).toMatch(/constant/);
    const parquet = base.files.map((f) => (f.name === "train.csv" ? { ...f, format: { ...f.format, kind: "parquet" } } : f));
    expect(holdoutObstacle({ ...base, files: parquet } as typeof base)).toMatch(/train\.csv is not plain/);
    const tiny = base.files.map((f) => ({ ...f, rows: 12 }));
    expect(holdoutObstacle({ ...base, files: tiny })).toMatch(/12 rows/);
  });
});
