/** profileData on the real shared development tasks (../shared/tasks); each skips when its task is absent. */
import { describe, expect, it } from "vitest";
import { loadTask } from "../../../src/tools/task/load-task.js";
import { profileData } from "../../../src/tools/task/profile-data.js";
import { dataTypeOf } from "../../../src/tools/task/describe-profile.js";
import type { DataProfile } from "../../../src/types/profile.js";
import { sharedTask } from "../../helpers/tasks.js";
import { PYTHON } from "../../helpers/fakes.js";

/** Declares a test on a shared task, skipped with a message when the task is absent. */
function onTask(id: string, title: string, check: (profile: DataProfile) => void): void {
  const dir = sharedTask(id);
  if (!dir) {
    console.warn(`skipping "${title}": ../shared/tasks/${id}/public is absent`);
    it.skip(`${id}: ${title} (task absent)`, () => {});
    return;
  }
  it(`${id}: ${title}`, async () => {
    check(await profileData(await loadTask(dir), { python: PYTHON }));
  });
}

const trainColumns = (p: DataProfile) => p.files.find((f) => f.name === p.trainFile)!.columns;

describe("profileData on the shared tasks", () => {
  onTask("titanic", "accuracy, binary 0/1 labels", (p) => {
    expect(p).toMatchObject({
      metric: "accuracy",
      taskType: "binary",
      submissionForm: "label",
      labelColumn: "Survived",
      idColumn: "PassengerId",
      targetColumns: ["Survived"],
      classes: ["0", "1"],
      positiveClass: "1",
    });
    expect(p.notes).toContain("Column Cabin is 77% missing.");
  });

  onTask("house-prices", "RMSE on logarithms → log_rmse, regression", (p) => {
    expect(p).toMatchObject({
      metric: "log_rmse",
      higherIsBetter: false,
      taskType: "regression",
      submissionForm: "value",
      labelColumn: "SalePrice",
      idColumn: "Id",
    });
    expect(p.target?.isCount).toBe(false);
    expect(p.files.map((f) => f.name).sort()).toEqual(["sample_submission.csv", "test.csv", "train.csv"]);
  });

  onTask("bike-sharing-demand", "rmsle, a time column, and casual/registered only in train", (p) => {
    expect(p).toMatchObject({
      metric: "rmsle",
      taskType: "regression",
      submissionForm: "value",
      labelColumn: "count",
      idColumn: "datetime",
      timeColumn: "datetime",
    });
    expect(p.trainOnlyColumns).toEqual(["casual", "registered"]);
    expect(p.target?.isCount).toBe(true);
    expect(dataTypeOf(p)).toBe("time_series");
    expect(p.notes.some((n) => n.includes("(casual, registered)") && n.includes("leaks the target"))).toBe(true);
  });

  onTask("disaster-tweets", "f1 with a free-text column", (p) => {
    expect(p).toMatchObject({ metric: "f1", taskType: "binary", submissionForm: "label", labelColumn: "target", positiveClass: "1" });
    expect(trainColumns(p).find((c) => c.name === "text")?.kind).toBe("text");
    expect(dataTypeOf(p)).toBe("text");
  });

  onTask("penguins", "multiclass species labels", (p) => {
    expect(p).toMatchObject({
      metric: "accuracy",
      taskType: "multiclass",
      submissionForm: "label",
      labelColumn: "species",
      idColumn: "id",
      classes: ["Adelie", "Chinstrap", "Gentoo"],
      positiveClass: null,
    });
    expect(dataTypeOf(p)).toBe("tabular");
  });
});
