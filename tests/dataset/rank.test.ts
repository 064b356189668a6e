import { describe, expect, it } from "vitest";
import type { CorpusSolution, CorpusTask } from "../../src/dataset/corpus.js";
import { loadCorpus } from "../../src/dataset/load-corpus.js";
import { rankSolutions } from "../../src/dataset/rank.js";
import { canonicalMetric, promptFields } from "../../src/dataset/task-fields.js";
import { SAMPLE_CORPUS } from "./helpers.js";

/** Solutions with the given scores, ids s0, s1, ... in order. */
function solutions(...scores: Array<number | null>): CorpusSolution[] {
  return scores.map((score, i) => ({ id: `s${i}`, code: "pass", score }));
}

/** A task with the given metric fields. */
function task(fields: Partial<CorpusTask>): CorpusTask {
  return { id: "t", description: "d", metric: "accuracy", data_type: "tabular", solutions: [], ...fields };
}

describe("rankSolutions", () => {
  it("puts the highest score first when higher is better", () => {
    expect([...rankSolutions(solutions(0.5, 0.9, 0.7), true)]).toEqual([
      ["s1", 1],
      ["s2", 2],
      ["s0", 3],
    ]);
  });

  it("puts the lowest score first when lower is better", () => {
    expect([...rankSolutions(solutions(0.5, 0.9, 0.7), false)]).toEqual([
      ["s0", 1],
      ["s2", 2],
      ["s1", 3],
    ]);
  });

  it("breaks ties in corpus order and leaves unscored solutions unranked", () => {
    const ranks = rankSolutions(solutions(0.8, null, 0.9, 0.8, 0.8), true);
    expect([...ranks]).toEqual([
      ["s2", 1],
      ["s0", 2],
      ["s3", 3],
      ["s4", 4],
    ]);
    expect(ranks.has("s1")).toBe(false);
  });

  it("ranks the sample corpus by each task's direction", async () => {
    const corpus = await loadCorpus(SAMPLE_CORPUS);
    const ranked = corpus.map((t) => [...rankSolutions(t.solutions, promptFields(t).higherIsBetter)].map(([id]) => id));
    expect(ranked).toEqual([
      ["svm-rbf", "logreg", "gaussian-nb"],
      ["ridge", "knn-regressor", "gradient-boosting", "mean-baseline"],
      ["logreg-scaled", "knn-5", "random-forest", "decision-stump"],
    ]);
  });
});

describe("promptFields", () => {
  it("maps corpus metric names to the names inference uses", () => {
    expect(canonicalMetric("RMSE")).toBe("rmse");
    expect(canonicalMetric("roc_auc")).toBe("auc");
    expect(canonicalMetric("mean_absolute_error")).toBe("mae");
    expect(canonicalMetric("points")).toBeNull();
  });

  it("infers lower-is-better from the metric name when the task does not say", () => {
    expect(promptFields(task({ metric: "RMSE" }))).toEqual({ metric: "rmse", dataType: "tabular", higherIsBetter: false, warnings: [] });
    expect(promptFields(task({ metric: "log_loss" })).higherIsBetter).toBe(false);
    expect(promptFields(task({ metric: "accuracy" })).higherIsBetter).toBe(true);
  });

  it("lets higher_is_better override the metric's direction", () => {
    expect(promptFields(task({ metric: "rmse", higher_is_better: true })).higherIsBetter).toBe(true);
  });

  it("says unknown for an unrecognised metric, assumes higher is better and warns", () => {
    const fields = promptFields(task({ metric: "custom points" }));
    expect(fields).toMatchObject({ metric: "unknown", higherIsBetter: true });
    expect(fields.warnings.join("\n")).toMatch(/not one the project knows[\s\S]*assumed higher is better/);
  });

  it("normalises data types and warns about ones inference never sends", () => {
    expect(promptFields(task({ data_type: "Time Series" })).dataType).toBe("time_series");
    expect(promptFields(task({ data_type: "image" })).warnings.join()).toMatch(/never sent at inference/);
  });
});
