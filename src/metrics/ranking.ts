import type { Label } from "./classification.js";
import { checkLengths, MetricError } from "./errors.js";
import { mean } from "./sum.js";

/** Tolerance of the row-sum check of one-vs-rest AUC (numpy's allclose defaults, as scikit-learn uses). */
const ROW_SUM_TOLERANCE = 1e-8 + 1e-5;

/**
 * Area under the ROC curve of a binary problem (scikit-learn's roc_auc_score): the probability
 * that a random positive scores above a random negative, ties counting one half.
 */
export function rocAuc(truth: readonly boolean[], score: readonly number[]): number {
  checkLengths("ROC AUC", truth, score);
  const positives = truth.filter(Boolean).length;
  const negatives = truth.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new MetricError("ROC AUC is undefined when only one class is present in the truth");
  }
  const ranks = averageRanks(score);
  let positiveRankSum = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i]) positiveRankSum += ranks[i];
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * One-vs-rest macro ROC AUC of a multiclass problem (scikit-learn's roc_auc_score with
 * multi_class="ovr", average="macro"): `probabilities[i][k]` is row i's probability of `classes[k]`.
 */
export function rocAucOvr(truth: readonly Label[], probabilities: readonly (readonly number[])[], classes: readonly Label[]): number {
  checkLengths("ROC AUC", truth, probabilities);
  const present = new Set(truth);
  if (present.size !== classes.length || classes.some((c) => !present.has(c))) {
    throw new MetricError(`one-vs-rest ROC AUC needs every one of the ${classes.length} classes in the truth, found ${present.size}`);
  }
  probabilities.forEach((row, i) => {
    if (row.length !== classes.length) throw new MetricError(`row ${i + 1} has ${row.length} probabilities, expected ${classes.length}`);
    const total = row.reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > ROW_SUM_TOLERANCE) throw new MetricError(`row ${i + 1}'s probabilities sum to ${total}, not 1`);
  });
  return mean(
    classes.map((c, k) =>
      rocAuc(
        truth.map((t) => t === c),
        probabilities.map((row) => row[k]),
      ),
    ),
  );
}

/** 1-based ranks of the values, tied values sharing their average rank. */
function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j]] = rank;
    start = end + 1;
  }
  return ranks;
}
