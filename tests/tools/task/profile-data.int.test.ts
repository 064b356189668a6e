import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadTask, TaskError } from "../../../src/tools/task/load-task.js";
import { profileData } from "../../../src/tools/task/profile-data.js";
import type { DataProfile } from "../../../src/types/profile.js";
import { PYTHON, tempDirs, writeFiles } from "../../helpers/fakes.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

/** A CSV from a header and rows. */
function csv(header: string[], rows: Array<Array<string | number>>): string {
  const cell = (v: string | number) => (typeof v === "string" && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  return [header.join(","), ...rows.map((r) => r.map(cell).join(","))].join("\n") + "\n";
}

/** n rows made by `row(i)`. */
const rows = (n: number, row: (i: number) => Array<string | number>) => Array.from({ length: n }, (_, i) => row(i));

/** Writes a task (description + files) and profiles it. */
async function profile(description: string, files: Record<string, string>): Promise<DataProfile> {
  const dir = join(dirs.make("lc-prof-"), "task");
  writeFiles(dir, { "description.md": description, ...files });
  return profileData(await loadTask(dir), { python: PYTHON });
}

const evaluation = (text: string) => `# Task\n\nPredict the target.\n\n## Evaluation\n\n${text}\n`;
const CITIES = ["Oslo", "Lima", "Pune", "Kyiv"];
const TEST_IDS = rows(12, (i) => [1000 + i]);

/** A binary task with a 0/1 label; the sample submission holds `sampleValue`. */
function binaryFiles(sampleValue: string | number) {
  return {
    "train.csv": csv(
      ["id", "age", "city", "label"],
      rows(40, (i) => [i, 20 + ((i * 7) % 50), CITIES[i % 4], i % 3 === 0 ? 1 : 0]),
    ),
    "test.csv": csv(
      ["id", "age", "city"],
      TEST_IDS.map(([id], i) => [id, 30 + i, CITIES[i % 4]]),
    ),
    "sample_submission.csv": csv(
      ["id", "label"],
      TEST_IDS.map(([id]) => [id, sampleValue]),
    ),
  };
}

describe("profileData on generated tasks", () => {
  it("binary 0/1 labels scored by accuracy: label form", async () => {
    const p = await profile(evaluation("Submissions are evaluated on accuracy."), binaryFiles(0));
    expect(p).toMatchObject({
      trainFile: "train.csv",
      testFile: "test.csv",
      sampleSubmissionFile: "sample_submission.csv",
      idColumn: "id",
      targetColumns: ["label"],
      labelColumn: "label",
      taskType: "binary",
      classes: ["0", "1"],
      positiveClass: "1",
      metric: "accuracy",
      higherIsBetter: true,
      submissionForm: "label",
      submissionValueStyle: ["0"],
      timeColumn: null,
      trainOnlyColumns: [],
    });
    expect(p.target?.isCount).toBe(false);
    expect(p.target?.imbalance).toBeCloseTo(14 / 26, 5);
    const train = p.files.find((f) => f.name === "train.csv")!;
    expect(train.rows).toBe(40);
    expect(Object.fromEntries(train.columns.map((c) => [c.name, c.kind]))).toEqual({
      id: "id",
      age: "numeric",
      city: "categorical",
      label: "numeric",
    });
    expect(p.notes).toEqual([]);
  });

  it("binary labels scored by AUC: probability form", async () => {
    const p = await profile(
      evaluation("Submissions are evaluated on area under the ROC curve between the predicted probability and the observed target."),
      binaryFiles(0.5),
    );
    expect(p).toMatchObject({
      taskType: "binary",
      metric: "auc",
      submissionForm: "probability",
      positiveClass: "1",
      submissionValueStyle: ["0.5"],
    });
  });

  it("string binary labels: the positive class the description names", async () => {
    const files = {
      "train.csv": csv(
        ["id", "words", "kind"],
        rows(30, (i) => [i, i % 5, i % 2 ? "spam" : "ham"]),
      ),
      "test.csv": csv(
        ["id", "words"],
        TEST_IDS.map(([id], i) => [id, i]),
      ),
      "sample_submission.csv": csv(
        ["id", "kind"],
        TEST_IDS.map(([id]) => [id, "ham"]),
      ),
    };
    const p = await profile(evaluation("Submissions are scored by F1, with spam as the positive class."), files);
    expect(p).toMatchObject({ taskType: "binary", classes: ["ham", "spam"], positiveClass: "spam", metric: "f1", submissionForm: "label" });
  });

  it("string labels with three classes: multiclass label form", async () => {
    const species = ["Gentoo", "Adelie", "Chinstrap"];
    const files = {
      "train.csv": csv(
        ["id", "bill", "species"],
        rows(45, (i) => [i, 30 + (i % 20), species[i % 3]]),
      ),
      "test.csv": csv(
        ["id", "bill"],
        TEST_IDS.map(([id], i) => [id, 35 + i]),
      ),
      "sample_submission.csv": csv(
        ["id", "species"],
        TEST_IDS.map(([id]) => [id, "Adelie"]),
      ),
    };
    const p = await profile(evaluation("The metric is the macro-averaged F1 score."), files);
    expect(p).toMatchObject({
      taskType: "multiclass",
      classes: ["Adelie", "Chinstrap", "Gentoo"],
      positiveClass: null,
      metric: "macro_f1",
      submissionForm: "label",
    });
    expect(p.target?.imbalance).toBe(1);
    expect(p.target?.classCounts).toEqual({ Gentoo: 15, Adelie: 15, Chinstrap: 15 });
  });

  it("a count target scored by RMSLE: regression, value form, isCount", async () => {
    const files = {
      "train.csv": csv(
        ["id", "temp", "rentals"],
        rows(60, (i) => [i, (i % 30) + 0.5, (i * 37) % 900]),
      ),
      "test.csv": csv(
        ["id", "temp"],
        TEST_IDS.map(([id], i) => [id, i + 0.5]),
      ),
      "sample_submission.csv": csv(
        ["id", "rentals"],
        TEST_IDS.map(([id]) => [id, 0]),
      ),
    };
    const p = await profile(evaluation("Submissions are evaluated on the Root Mean Squared Logarithmic Error (RMSLE)."), files);
    expect(p).toMatchObject({
      taskType: "regression",
      metric: "rmsle",
      higherIsBetter: false,
      submissionForm: "value",
      classes: null,
      positiveClass: null,
      labelColumn: "rentals",
    });
    expect(p.target).toMatchObject({ min: 0, isCount: true, imbalance: null, classCounts: null });
    expect(p.target?.max).toBeLessThan(900);
  });

  it("a real-valued target scored by RMSE is not a count", async () => {
    const files = {
      "train.csv": csv(
        ["id", "area", "price"],
        rows(40, (i) => [i, 50 + i, 1000.25 + i * 13.5]),
      ),
      "test.csv": csv(
        ["id", "area"],
        TEST_IDS.map(([id], i) => [id, 60 + i]),
      ),
      "sample_submission.csv": csv(
        ["id", "price"],
        TEST_IDS.map(([id]) => [id, 1000.5]),
      ),
    };
    const p = await profile(evaluation("We use the root mean squared error."), files);
    expect(p).toMatchObject({ taskType: "regression", metric: "rmse", submissionForm: "value" });
    expect(p.target?.isCount).toBe(false);
  });

  it("multi-class log loss with one probability column per class: class_probabilities and the train label column", async () => {
    const classes = ["Class_1", "Class_2", "Class_3"];
    const files = {
      "train.csv": csv(
        ["id", "f1", "f2", "target"],
        rows(45, (i) => [i, i % 7, (i * 3) % 11, classes[i % 3]]),
      ),
      "test.csv": csv(
        ["id", "f1", "f2"],
        TEST_IDS.map(([id], i) => [id, i % 7, i % 11]),
      ),
      "sample_submission.csv": csv(
        ["id", ...classes],
        TEST_IDS.map(([id]) => [id, 0.333, 0.333, 0.334]),
      ),
    };
    const p = await profile(evaluation("Submissions are evaluated using the multi-class logarithmic loss."), files);
    expect(p).toMatchObject({
      idColumn: "id",
      targetColumns: classes,
      labelColumn: "target",
      taskType: "multiclass",
      classes,
      metric: "logloss",
      higherIsBetter: false,
      submissionForm: "class_probabilities",
      submissionValueStyle: [],
    });
  });

  it("a datetime column that orders the rows: timeColumn and a note", async () => {
    const hour = (i: number) => `2011-01-${String(1 + Math.floor(i / 24)).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:00:00`;
    const files = {
      "train.csv": csv(
        ["datetime", "temp", "count"],
        rows(72, (i) => [hour(i), 10 + (i % 9), (i * 5) % 200]),
      ),
      "test.csv": csv(
        ["datetime", "temp"],
        rows(24, (i) => [hour(72 + i), 12 + (i % 5)]),
      ),
      "sample_submission.csv": csv(
        ["datetime", "count"],
        rows(24, (i) => [hour(72 + i), 0]),
      ),
    };
    const p = await profile(evaluation("RMSLE."), files);
    expect(p.timeColumn).toBe("datetime");
    expect(p.idColumn).toBe("datetime");
    expect(p.files.find((f) => f.name === "train.csv")!.columns[0]).toMatchObject({ name: "datetime", kind: "datetime", unique: 72 });
    expect(p.notes).toContain("Rows are time-stamped by datetime: validate on later periods, and derive calendar features.");
  });

  it("a long free-text column: kind text and a note", async () => {
    const words = ["storm", "flood", "sunny", "party", "fire", "quiet", "earthquake", "concert"];
    const sentence = (i: number) =>
      `Tweet number ${i} says the ${words[i % 8]} near ${CITIES[i % 4]} was ${i % 2 ? "terrible" : "fine"} today`;
    const files = {
      "train.csv": csv(
        ["id", "text", "target"],
        rows(40, (i) => [i, sentence(i), i % 2]),
      ),
      "test.csv": csv(
        ["id", "text"],
        TEST_IDS.map(([id], i) => [id, sentence(100 + i)]),
      ),
      "sample_submission.csv": csv(
        ["id", "target"],
        TEST_IDS.map(([id]) => [id, 0]),
      ),
    };
    const p = await profile(evaluation("Submissions are evaluated using F1 between the predicted and expected answers."), files);
    const text = p.files.find((f) => f.name === "train.csv")!.columns.find((c) => c.name === "text")!;
    expect(text.kind).toBe("text");
    expect(text.meanLength).toBeGreaterThan(30);
    expect(p.notes.some((n) => /^Column text is free text \(mean length \d+\)\.$/.test(n))).toBe(true);
    expect(p).toMatchObject({ taskType: "binary", metric: "f1", submissionForm: "label" });
  });

  it("a column only in train: trainOnlyColumns and a leakage note", async () => {
    const files = {
      "train.csv": csv(
        ["id", "x", "refund_amount", "label"],
        rows(30, (i) => [i, i % 5, (i % 2) * 10, i % 2]),
      ),
      "test.csv": csv(
        ["id", "x"],
        TEST_IDS.map(([id], i) => [id, i % 5]),
      ),
      "sample_submission.csv": csv(
        ["id", "label"],
        TEST_IDS.map(([id]) => [id, 0]),
      ),
    };
    const p = await profile(evaluation("Accuracy."), files);
    expect(p.trainOnlyColumns).toEqual(["refund_amount"]);
    expect(p.notes).toContain(
      "Columns only in the training file (refund_amount) are unavailable at test time: using them as features leaks the target.",
    );
  });

  it("without a sample submission: the train-only column is the target and the id comes from test", async () => {
    const files = {
      "train.csv": csv(
        ["PassengerId", "age", "Survived"],
        rows(30, (i) => [i, 20 + i, i % 2]),
      ),
      "test.csv": csv(
        ["PassengerId", "age"],
        TEST_IDS.map(([id], i) => [id, 30 + i]),
      ),
    };
    const p = await profile("# Task\n\nNo metric is named here.\n", files);
    expect(p).toMatchObject({
      sampleSubmissionFile: null,
      labelColumn: "Survived",
      targetColumns: ["Survived"],
      idColumn: "PassengerId",
      taskType: "binary",
      metric: null,
    });
    expect(p.notes).toContain("No evaluation metric was recognised in the description; choose one that fits the task type.");
  });

  it("notes missing label values and mostly-missing columns", async () => {
    const files = {
      "train.csv": csv(
        ["id", "sparse", "label"],
        rows(30, (i) => [i, i % 5 === 0 ? i : "", i < 3 ? "" : i % 2]),
      ),
      "test.csv": csv(
        ["id", "sparse"],
        TEST_IDS.map(([id], i) => [id, i]),
      ),
      "sample_submission.csv": csv(
        ["id", "label"],
        TEST_IDS.map(([id]) => [id, 0]),
      ),
    };
    const p = await profile(evaluation("Accuracy."), files);
    expect(p.notes).toContain("The label column has 3 missing values: drop those rows for training.");
    expect(p.notes).toContain("Column sparse is 80% missing.");
  });

  it("rejects a malformed CSV with a TaskError naming the file", async () => {
    const dir = join(dirs.make("lc-prof-"), "task");
    writeFiles(dir, { "description.md": evaluation("Accuracy."), "train.csv": "a,b\n1,2\n3,4,5,6\n7,8\n", "test.csv": "a\n1\n" });
    const error = await profileData(await loadTask(dir), { python: PYTHON }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect((error as Error).message).toContain(`unreadable CSV file: ${join(dir, "train.csv")}`);
  });

  it("rejects a task whose target cannot be inferred", async () => {
    const dir = join(dirs.make("lc-prof-"), "task");
    writeFiles(dir, { "description.md": evaluation("Accuracy."), "train.csv": "a,b\n1,2\n", "test.csv": "a,b\n3,4\n" });
    const error = await profileData(await loadTask(dir), { python: PYTHON }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskError);
    expect((error as Error).message).toMatch(/^could not infer the target column/);
  });
});
