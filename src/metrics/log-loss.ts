import { checkLengths, MetricError } from "./errors.js";
import { mean } from "./sum.js";

/** Probabilities are clipped to [EPSILON, 1 − EPSILON], as the suite's reference scorer does. */
export const LOG_LOSS_EPSILON = 1e-15;

/**
 * Multiclass log loss (cross-entropy), as the suite's reference scorer computes it: each row is
 * divided by its sum, clipped to [1e-15, 1 − 1e-15] and divided by its sum again; the loss is the
 * mean of −log(p of the true class). `truth[i]` is the column index of row i's true class.
 */
export function logLoss(truth: readonly number[], probabilities: readonly (readonly number[])[]): number {
  checkLengths("log loss", truth, probabilities);
  const width = probabilities[0].length;
  if (width < 2) throw new MetricError("log loss needs at least 2 probability columns");
  return mean(
    probabilities.map((row, i) => {
      if (row.length !== width) throw new MetricError(`log loss: row ${i + 1} has ${row.length} probabilities, expected ${width}`);
      const k = truth[i];
      if (!Number.isInteger(k) || k < 0 || k >= width)
        throw new MetricError(`log loss: true class index ${k} of row ${i + 1} is out of range`);
      return -Math.log(normaliseRow(row)[k]);
    }),
  );
}

/** Binary log loss: `probability[i]` is row i's probability of the positive class. */
export function binaryLogLoss(truth: readonly boolean[], probability: readonly number[]): number {
  checkLengths("log loss", truth, probability);
  return logLoss(
    truth.map(Number),
    probability.map((p) => [1 - p, p]),
  );
}

/** A probability row divided by its sum, clipped, and divided by its sum again. */
function normaliseRow(row: readonly number[]): number[] {
  const total = row.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new MetricError(`log loss: a probability row sums to ${total}`);
  const clipped = row.map((p) => Math.min(Math.max(p / total, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON));
  const clippedTotal = clipped.reduce((a, b) => a + b, 0);
  return clipped.map((p) => p / clippedTotal);
}
