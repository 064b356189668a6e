import type { Metric } from "../../types/profile.js";

/** Metric patterns in priority order: the more specific phrase wins over the generic one. */
const PATTERNS: Array<[Metric, RegExp]> = [
  ["rmsle", /root[- ]mean[- ]squared[- ]log(arithmic)?[- ]error|\bRMSLE\b/i],
  [
    "log_rmse",
    /(root[- ]mean[- ]squared[- ]error|\bRMSE\b)[^.]{0,80}\blog(arithm)?\b|\blog(arithm)?[^.]{0,60}(root[- ]mean[- ]squared[- ]error|\bRMSE\b)/i,
  ],
  ["logloss", /\blog[- ]?loss\b|logarithmic loss|cross[- ]entropy/i],
  ["auc", /\bAUC\b|area under the (ROC|receiver)|\bROC[- ]AUC\b/i],
  ["mape", /mean absolute percentage error|\bMAPE\b/i],
  ["mae", /mean absolute error|\bMAE\b/i],
  ["rmse", /root[- ]mean[- ]squared[- ]error|\bRMSE\b/i],
  ["macro_f1", /macro[- ](averaged )?F1|F1[- ]macro|macro[- ]F[- ]?score/i],
  ["micro_f1", /micro[- ](averaged )?F1|F1[- ]micro/i],
  ["weighted_f1", /weighted[- ](averaged )?F1|F1[- ]weighted/i],
  ["f1", /\bF1\b|F[- ]score|F-measure/i],
  ["r2", /\bR\^?2\b|\bR-squared\b|coefficient of determination/i],
  ["accuracy", /\baccuracy\b/i],
  ["precision", /\bprecision\b/i],
  ["recall", /\brecall\b/i],
];

/** Metrics where a lower value is better. */
const LOWER_IS_BETTER = new Set<Metric>(["rmsle", "log_rmse", "logloss", "mape", "mae", "rmse"]);

/** Metrics that need class labels (not probabilities) in the submission. */
export const LABEL_METRICS = new Set<Metric>(["accuracy", "f1", "macro_f1", "micro_f1", "weighted_f1", "precision", "recall"]);

/** Metrics for regression targets. */
export const REGRESSION_METRICS = new Set<Metric>(["rmsle", "log_rmse", "mape", "mae", "rmse", "r2"]);

/** True when a higher value of the metric is better. */
export function higherIsBetter(metric: Metric | null): boolean {
  return metric === null ? true : !LOWER_IS_BETTER.has(metric);
}

/** The evaluation section of a description (## Evaluation ... next ## heading), or the whole text. */
export function evaluationSection(description: string): string {
  const match = /^#{1,3}\s*(Evaluation|Metric|Scoring)[^\n]*\n([\s\S]*?)(?=^#{1,2}\s(?!#)|$(?![\s\S]))/im.exec(description);
  return match ? match[2] : description;
}

/** Infers the metric from a task description; the Evaluation section is searched first. */
export function inferMetric(description: string): Metric | null {
  for (const text of [evaluationSection(description), description]) {
    for (const [metric, pattern] of PATTERNS) {
      if (pattern.test(text)) return metric;
    }
  }
  return null;
}
