import { checkLengths, MetricError } from "./errors.js";

/** A class label as compared by the metrics (strict equality). */
export type Label = string | number | boolean;

/** How per-class precision, recall and F1 are combined, as in scikit-learn. */
export type Average = "binary" | "macro" | "micro" | "weighted";

/** Precision, recall and F1 of one averaging. */
export interface PrecisionRecallF1 {
  /** Precision. */
  precision: number;
  /** Recall. */
  recall: number;
  /** F1 score (harmonic mean of precision and recall). */
  f1: number;
}

/** Options of precisionRecallF1. */
export interface PrfOptions {
  /** The averaging (scikit-learn's `average`). */
  average: Average;
  /** The positive class for average "binary" (scikit-learn's `pos_label`; default 1). */
  posLabel?: Label;
}

/** Counts of one class. */
interface ClassCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Fraction of predictions equal to the truth (scikit-learn's accuracy_score). */
export function accuracy(truth: readonly Label[], prediction: readonly Label[]): number {
  checkLengths("accuracy", truth, prediction);
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === prediction[i]) correct++;
  return correct / truth.length;
}

/**
 * Precision, recall and F1 as scikit-learn's precision_recall_fscore_support computes them
 * (zero_division counted as 0): per class over the union of true and predicted labels, then
 * averaged "binary" (the positive class only), "macro", "micro" or "weighted" (by true support).
 */
export function precisionRecallF1(truth: readonly Label[], prediction: readonly Label[], options: PrfOptions): PrecisionRecallF1 {
  checkLengths("precision/recall/F1", truth, prediction);
  const counts = classCounts(truth, prediction);
  if (options.average === "binary") {
    const posLabel = options.posLabel ?? 1;
    if (counts.size > 2)
      throw new MetricError(`average "binary" needs at most 2 classes, got ${counts.size}; choose macro, micro or weighted`);
    if (counts.size === 2 && !counts.has(posLabel)) {
      throw new MetricError(`pos_label ${JSON.stringify(posLabel)} is not a valid label: ${JSON.stringify([...counts.keys()])}`);
    }
    return scores(counts.get(posLabel) ?? { tp: 0, fp: 0, fn: 0 });
  }
  if (options.average === "micro") {
    const total = { tp: 0, fp: 0, fn: 0 };
    for (const c of counts.values()) {
      total.tp += c.tp;
      total.fp += c.fp;
      total.fn += c.fn;
    }
    return scores(total);
  }
  const perClass = [...counts.values()].map((c) => ({ ...scores(c), support: c.tp + c.fn }));
  const weights = perClass.map((c) => (options.average === "weighted" ? c.support : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  if (totalWeight === 0) return { precision: 0, recall: 0, f1: 0 };
  const weighted = (key: keyof PrecisionRecallF1) => perClass.reduce((acc, c, i) => acc + c[key] * weights[i], 0) / totalWeight;
  return { precision: weighted("precision"), recall: weighted("recall"), f1: weighted("f1") };
}

/** Precision (scikit-learn's precision_score). */
export function precision(truth: readonly Label[], prediction: readonly Label[], options: PrfOptions): number {
  return precisionRecallF1(truth, prediction, options).precision;
}

/** Recall (scikit-learn's recall_score). */
export function recall(truth: readonly Label[], prediction: readonly Label[], options: PrfOptions): number {
  return precisionRecallF1(truth, prediction, options).recall;
}

/** F1 score (scikit-learn's f1_score). */
export function f1(truth: readonly Label[], prediction: readonly Label[], options: PrfOptions): number {
  return precisionRecallF1(truth, prediction, options).f1;
}

/** True/false positives and false negatives of every label seen in truth or prediction. */
function classCounts(truth: readonly Label[], prediction: readonly Label[]): Map<Label, ClassCounts> {
  const counts = new Map<Label, ClassCounts>();
  const of = (label: Label) => {
    let c = counts.get(label);
    if (!c) counts.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === prediction[i]) {
      of(truth[i]).tp++;
    } else {
      of(truth[i]).fn++;
      of(prediction[i]).fp++;
    }
  }
  return counts;
}

/** Precision, recall and F1 from counts, 0 where a denominator is 0. */
function scores({ tp, fp, fn }: ClassCounts): PrecisionRecallF1 {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
