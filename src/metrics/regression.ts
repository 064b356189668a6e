import { checkLengths, MetricError } from "./errors.js";
import { mean, sum } from "./sum.js";

/** Root mean squared error. */
export function rmse(truth: readonly number[], prediction: readonly number[]): number {
  checkLengths("RMSE", truth, prediction);
  return Math.sqrt(mean(truth.map((y, i) => (y - prediction[i]) ** 2)));
}

/** Root mean squared logarithmic error: RMSE of log(1 + y); negative values are rejected. */
export function rmsle(truth: readonly number[], prediction: readonly number[]): number {
  checkLengths("RMSLE", truth, prediction);
  if ([...truth, ...prediction].some((v) => v < 0)) throw new MetricError("RMSLE is undefined for negative values");
  return rmse(truth.map(Math.log1p), prediction.map(Math.log1p));
}

/** RMSE of log(y) against log(prediction) (metric_transform "log"); non-positive values are rejected. */
export function logRmse(truth: readonly number[], prediction: readonly number[]): number {
  checkLengths("log-RMSE", truth, prediction);
  if ([...truth, ...prediction].some((v) => v <= 0)) throw new MetricError("log-RMSE is undefined for values ≤ 0");
  return rmse(truth.map(Math.log), prediction.map(Math.log));
}

/** Mean absolute error. */
export function mae(truth: readonly number[], prediction: readonly number[]): number {
  checkLengths("MAE", truth, prediction);
  return mean(truth.map((y, i) => Math.abs(y - prediction[i])));
}

/** Mean absolute percentage error as a fraction, |y| floored at machine epsilon (scikit-learn's definition). */
export function mape(truth: readonly number[], prediction: readonly number[]): number {
  checkLengths("MAPE", truth, prediction);
  return mean(truth.map((y, i) => Math.abs(y - prediction[i]) / Math.max(Math.abs(y), Number.EPSILON)));
}

/** Coefficient of determination; a constant truth gives 1 for a perfect fit, else 0 (scikit-learn's force_finite). */
export function r2(truth: readonly number[], prediction: readonly number[]): number {
  checkLengths("R²", truth, prediction);
  if (truth.length < 2) throw new MetricError("R² needs at least 2 rows");
  const average = mean(truth);
  const residual = sum(truth.map((y, i) => (y - prediction[i]) ** 2));
  const total = sum(truth.map((y) => (y - average) ** 2));
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}
