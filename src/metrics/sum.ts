/** Compensated (Neumaier) sum, so long sums of small terms stay accurate. */
export function sum(values: Iterable<number>): number {
  let total = 0;
  let compensation = 0;
  for (const value of values) {
    const next = total + value;
    compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
    total = next;
  }
  return total + compensation;
}

/** Arithmetic mean of a non-empty list. */
export function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}
