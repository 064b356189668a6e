/** A metric that cannot be computed on its inputs (lengths differ, no rows, values out of domain). */
export class MetricError extends Error {
  override readonly name = "MetricError";
}

/** Throws unless both arrays are non-empty and equally long. */
export function checkLengths(name: string, truth: ArrayLike<unknown>, prediction: ArrayLike<unknown>): void {
  if (truth.length === 0) throw new MetricError(`${name}: no rows`);
  if (truth.length !== prediction.length) {
    throw new MetricError(`${name}: ${truth.length} true values but ${prediction.length} predictions`);
  }
}
