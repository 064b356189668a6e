import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeSubmission } from "../../../src/tools/task/grade.js";
import { writeGradedTask, writeSubmission } from "../../bench/helpers/task-dir.js";

const root = mkdtempSync(join(tmpdir(), "lc-grade-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** Grades rows written under `header` against `task`. */
const grade = (task: string, header: string[], rows: string[][]) =>
  gradeSubmission(task, writeSubmission(join(root, `sub-${++n}.csv`), header, rows));

const binary = writeGradedTask(
  root,
  {
    id: "bin",
    task_type: "binary",
    metric: "accuracy",
    higher_is_better: true,
    id_column: "id",
    target_columns: ["y"],
    classes: [0, 1],
  },
  ["id", "y"],
  [
    ["1", "0"],
    ["2", "1"],
    ["3", "1"],
    ["4", "0"],
  ],
);
const boolF1 = writeGradedTask(
  root,
  {
    id: "boolf1",
    task_type: "binary",
    metric: "f1",
    higher_is_better: true,
    id_column: "pid",
    target_columns: ["ok"],
    classes: [false, true],
    positive_class: true,
  },
  ["pid", "ok"],
  [
    ["a_1", "True"],
    ["a_2", "False"],
    ["b_1", "True"],
    ["b_2", "True"],
  ],
);
const multi = writeGradedTask(
  root,
  {
    id: "multi",
    task_type: "multiclass",
    metric: "logloss",
    higher_is_better: false,
    id_column: "id",
    target_columns: ["A", "B", "C"],
    label_column: "k",
    classes: ["A", "B", "C"],
  },
  ["id", "A", "B", "C"],
  [
    ["1", "1", "0", "0"],
    ["2", "0", "1", "0"],
    ["3", "0", "0", "1"],
  ],
);
const auc = writeGradedTask(
  root,
  {
    id: "auc",
    task_type: "binary",
    metric: "auc",
    higher_is_better: true,
    id_column: "id",
    target_columns: ["p"],
    classes: ["no", "yes"],
    positive_class: "yes",
  },
  ["id", "p"],
  [
    ["1", "yes"],
    ["2", "no"],
    ["3", "yes"],
    ["4", "no"],
  ],
);
const bikes = writeGradedTask(
  root,
  {
    id: "bikes",
    task_type: "regression",
    metric: "rmsle",
    higher_is_better: false,
    id_column: "datetime",
    target_columns: ["count"],
  },
  ["datetime", "count"],
  [
    ["2011-01-20 00:00:00", "13"],
    ["2011-01-20 01:00:00", "5"],
  ],
);
const houses = writeGradedTask(
  root,
  {
    id: "houses",
    task_type: "regression",
    metric: "rmse",
    higher_is_better: false,
    id_column: "Id",
    target_columns: ["SalePrice"],
    metric_transform: "log",
  },
  ["Id", "SalePrice"],
  [
    ["1461", "100000"],
    ["1462", "200000"],
  ],
);

describe("strict grading: valid submissions", () => {
  it("matches ids as text with numbers normalised, in any order, and reads integer labels in the classes' type", async () => {
    const g = await grade(
      binary,
      ["y", "id"],
      [
        ["1.0", "4.0"],
        [" 0", "1"],
        ["1", "3"],
        ["0", "2"],
      ],
    );
    expect(g).toMatchObject({ valid: true, score: 0.5, error: null, metric: "accuracy", higherIsBetter: true });
  });

  it("reads booleans in any case and as 1/0, and scores F1 of the positive class", async () => {
    const g = await grade(
      boolF1,
      ["pid", "ok"],
      [
        ["a_1", "TRUE"],
        ["a_2", "1"],
        ["b_1", "true"],
        ["b_2", "false"],
      ],
    );
    expect(g.valid).toBe(true);
    expect(g.score).toBeCloseTo(((((2 / 3) * 2) / 3) * 2) / (2 / 3 + 2 / 3), 12);
  });

  it("matches equal timestamps and scores RMSLE", async () => {
    const g = await grade(
      bikes,
      ["datetime", "count"],
      [
        ["2011-01-20T01:00:00", "5"],
        ["2011-01-20 00:00", "13"],
      ],
    );
    expect(g).toMatchObject({ valid: true, score: 0 });
  });

  it("divides class probabilities by their row sums when they are within 1e-2 of 1", async () => {
    const g = await grade(
      multi,
      ["id", "A", "B", "C"],
      [
        ["1", "0.7", "0.2", "0.105"],
        ["2", "0.1", "0.8", "0.1"],
        ["3", "0.2", "0.2", "0.6"],
      ],
    );
    expect(g.valid).toBe(true);
    const p1 = 0.7 / 1.005;
    expect(g.score).toBeCloseTo(-(Math.log(p1) + Math.log(0.8) + Math.log(0.6)) / 3, 12);
  });

  it("scores ROC AUC of the positive class's probability, and log-RMSE with metric_transform log", async () => {
    expect(
      (
        await grade(
          auc,
          ["id", "p"],
          [
            ["1", "0.9"],
            ["2", "0.1"],
            ["3", "0.4"],
            ["4", "0.4"],
          ],
        )
      ).score,
    ).toBeCloseTo(0.875, 12);
    expect(
      (
        await grade(
          houses,
          ["Id", "SalePrice"],
          [
            ["1461", "100000"],
            ["1462", "100000"],
          ],
        )
      ).score,
    ).toBeCloseTo(Math.sqrt(Math.log(2) ** 2 / 2), 12);
  });
});

describe("strict grading: invalid submissions get reasons, never a score", () => {
  const cases: [string, string, string[], string[][], RegExp][] = [
    ["a missing column", binary, ["id"], [["1"], ["2"], ["3"], ["4"]], /missing column\(s\) "y"/],
    [
      "an extra column",
      binary,
      ["id", "y", "Unnamed: 0"],
      [
        ["1", "0", "0"],
        ["2", "0", "1"],
        ["3", "0", "2"],
        ["4", "0", "3"],
      ],
      /unexpected column\(s\) "Unnamed: 0"/,
    ],
    [
      "a missing id",
      binary,
      ["id", "y"],
      [
        ["1", "0"],
        ["2", "0"],
        ["3", "0"],
      ],
      /1 of 4 ids missing \(e\.g\. "4"\)/,
    ],
    [
      "a repeated id",
      binary,
      ["id", "y"],
      [
        ["1", "0"],
        ["2", "0"],
        ["3", "0"],
        ["4", "0"],
        ["4.0", "1"],
      ],
      /1 repeated id \(e\.g\. "4\.0"\)/,
    ],
    [
      "an unknown id",
      binary,
      ["id", "y"],
      [
        ["1", "0"],
        ["2", "0"],
        ["3", "0"],
        ["4", "0"],
        ["5", "1"],
      ],
      /1 unknown id \(e\.g\. "5"\)/,
    ],
    [
      "an empty value",
      binary,
      ["id", "y"],
      [
        ["1", ""],
        ["2", "0"],
        ["3", "0"],
        ["4", "0"],
      ],
      /column "y" has 1 empty value/,
    ],
    [
      "NaN and inf",
      houses,
      ["Id", "SalePrice"],
      [
        ["1461", "nan"],
        ["1462", "-inf"],
      ],
      /1 NaN value and 1 infinite value/,
    ],
    [
      "a label outside the classes",
      binary,
      ["id", "y"],
      [
        ["1", "2"],
        ["2", "0.5"],
        ["3", "0"],
        ["4", "yes"],
      ],
      /3 labels outside the classes \[0,1\]/,
    ],
    [
      "a boolean that is not one",
      boolF1,
      ["pid", "ok"],
      [
        ["a_1", "yes"],
        ["a_2", "1"],
        ["b_1", "true"],
        ["b_2", "false"],
      ],
      /outside the classes \[false,true\]/,
    ],
    [
      "a probability above 1",
      auc,
      ["id", "p"],
      [
        ["1", "1.2"],
        ["2", "0.1"],
        ["3", "0.4"],
        ["4", "0.4"],
      ],
      /1 probability outside \[0, 1\] \(e\.g\. "1\.2"\)/,
    ],
    [
      "a class-probability row far from 1",
      multi,
      ["id", "A", "B", "C"],
      [
        ["1", "0.7", "0.2", "0.15"],
        ["2", "0.1", "0.8", "0.1"],
        ["3", "0.2", "0.2", "0.6"],
      ],
      /1 row of class probabilities does not sum to 1 \(±0\.01\), e\.g\. row 1 sums to 1\.05/,
    ],
    [
      "a negative prediction under RMSLE",
      bikes,
      ["datetime", "count"],
      [
        ["2011-01-20 00:00:00", "-1"],
        ["2011-01-20 01:00:00", "5"],
      ],
      /1 negative prediction \(RMSLE/,
    ],
    [
      "a zero prediction under the log transform",
      houses,
      ["Id", "SalePrice"],
      [
        ["1461", "0"],
        ["1462", "100"],
      ],
      /1 non-positive prediction/,
    ],
    [
      "a non-numeric prediction",
      houses,
      ["Id", "SalePrice"],
      [
        ["1461", "cheap"],
        ["1462", "100"],
      ],
      /1 non-numeric value \(e\.g\. "cheap"\)/,
    ],
  ];
  it.each(cases)("%s", async (_, task, header, rows, reason) => {
    const g = await grade(task, header, rows);
    expect(g.valid).toBe(false);
    expect(g.score).toBeNull();
    expect(g.error).toMatch(reason);
  });

  it("reports a missing or malformed file as invalid", async () => {
    expect((await gradeSubmission(binary, join(root, "nope.csv"))).error).toMatch(/submission not found/);
    const broken = writeSubmission(join(root, "broken.csv"), ["id", "y"], []);
    expect((await gradeSubmission(binary, broken)).error).toMatch(/4 of 4 ids missing/);
  });
});
