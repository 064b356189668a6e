import { describe, expect, it } from "vitest";
import {
  evaluationSection,
  higherIsBetter,
  inferMetric,
  LABEL_METRICS,
  REGRESSION_METRICS,
} from "../../../src/tools/task/metric-inference.js";
import { MetricSchema, type Metric } from "../../../src/types/profile.js";

/** Phrasings seen in Kaggle-style descriptions, per metric. */
const PHRASINGS: Array<[Metric, string]> = [
  ["accuracy", "Your score is the percentage of passengers you correctly predict. This is known as accuracy."],
  ["accuracy", "Submissions are evaluated on classification accuracy."],
  ["f1", "Submissions are evaluated using F1 between the predicted and expected answers."],
  ["f1", "We use the F-score of the positive class."],
  ["f1", "The F-measure is reported."],
  ["macro_f1", "The metric is the macro-averaged F1 score."],
  ["macro_f1", "Scored with F1-macro over all labels."],
  ["micro_f1", "Submissions are scored with the micro F1."],
  ["weighted_f1", "We compute the weighted-averaged F1 across classes."],
  ["precision", "Submissions are ranked by precision."],
  ["recall", "The leaderboard uses recall of the positive class."],
  ["auc", "Submissions are evaluated on area under the ROC curve between the predicted probability and the observed target."],
  ["auc", "The metric is ROC-AUC."],
  ["auc", "Scored by AUC."],
  ["logloss", "Submissions are evaluated using the multi-class logarithmic loss."],
  ["logloss", "The evaluation metric is log loss."],
  ["logloss", "We report the cross-entropy of your probabilities."],
  ["rmse", "Submissions are scored on the root mean squared error."],
  ["rmse", "Evaluation: RMSE."],
  ["rmse", "The root-mean-squared-error is used."],
  ["rmsle", "Submissions are evaluated on the Root Mean Squared Logarithmic Error (RMSLE)."],
  ["rmsle", "The metric is RMSLE."],
  ["rmsle", "We use root mean squared log error."],
  [
    "log_rmse",
    "Submissions are evaluated on Root-Mean-Squared-Error (RMSE) between the logarithm of the predicted value and the logarithm of the observed sales price.",
  ],
  ["log_rmse", "Scored by the root mean squared error between the logarithm of the predicted and the observed price."],
  ["log_rmse", "We take the log of predictions and truth and compute the RMSE."],
  ["mae", "Submissions are evaluated on the mean absolute error."],
  ["mae", "Metric: MAE."],
  ["mape", "Submissions are evaluated on the mean absolute percentage error."],
  ["mape", "Metric: MAPE."],
  ["r2", "Submissions are scored by the coefficient of determination."],
  ["r2", "The metric is R-squared."],
  ["r2", "We report R^2 on the test set."],
];

describe("inferMetric", () => {
  it.each(PHRASINGS)("%s ← %s", (metric, text) => {
    expect(inferMetric(text)).toBe(metric);
  });

  it("covers every metric the schema knows", () => {
    expect(new Set(PHRASINGS.map(([m]) => m))).toEqual(new Set(MetricSchema.options));
  });

  it("prefers RMSLE over RMSE when both appear", () => {
    expect(inferMetric("Root Mean Squared Logarithmic Error (RMSLE), a variant of the RMSE.")).toBe("rmsle");
    expect(inferMetric("We use RMSE. Formally, RMSLE is computed as follows.")).toBe("rmsle");
  });

  it("reads plain RMSE as rmse, not log_rmse, when no logarithm is mentioned in the same sentence", () => {
    expect(inferMetric("The metric is RMSE. Taking the log of skewed features may help.")).toBe("rmse");
  });

  it("searches the Evaluation section before the rest of the description", () => {
    const description = [
      "# Churn",
      "",
      "High accuracy on the training set is not enough.",
      "",
      "## Evaluation",
      "",
      "Submissions are evaluated on area under the ROC curve.",
      "",
      "## Data",
      "",
      "The label has precision issues.",
    ].join("\n");
    expect(evaluationSection(description)).toContain("area under the ROC curve");
    expect(evaluationSection(description)).not.toContain("precision issues");
    expect(inferMetric(description)).toBe("auc");
  });

  it("falls back to the whole description when the Evaluation section names no metric", () => {
    expect(inferMetric("# T\n\n## Evaluation\n\nSee the leaderboard.\n\n## Notes\n\nWe score mean absolute error.\n")).toBe("mae");
  });

  it("returns null when no metric is named", () => {
    expect(inferMetric("# Task\n\nPredict the thing well.")).toBeNull();
  });
});

describe("metric facts", () => {
  it("knows which metrics are better when lower", () => {
    for (const m of ["rmsle", "log_rmse", "logloss", "mape", "mae", "rmse"] as const) expect(higherIsBetter(m), m).toBe(false);
    for (const m of ["accuracy", "f1", "macro_f1", "micro_f1", "weighted_f1", "precision", "recall", "auc", "r2"] as const)
      expect(higherIsBetter(m), m).toBe(true);
    expect(higherIsBetter(null)).toBe(true);
  });

  it("classes metrics as label or regression metrics", () => {
    expect([...LABEL_METRICS].sort()).toEqual(["accuracy", "f1", "macro_f1", "micro_f1", "precision", "recall", "weighted_f1"]);
    expect([...REGRESSION_METRICS].sort()).toEqual(["log_rmse", "mae", "mape", "r2", "rmse", "rmsle"]);
  });
});
