import type { BenchMode, ModeTotals, RoleUsage, TaskResult } from "./result.js";

/**
 * The normalised score of a task: (score − floor) / (reference − floor), so the constant
 * sample submission scores 0 and the generic baseline 1 whatever the metric's direction;
 * an invalid submission scores 0 (a constant submission is always possible). Null when the
 * reference or floor is unknown or they coincide.
 */
export function normalisedScore(score: number | null, floor: number | null, reference: number | null): number | null {
  if (floor === null || reference === null || reference === floor) return null;
  if (score === null) return 0;
  return (score - floor) / (reference - floor);
}

/** Totals per mode present in the results, in `modes` order. */
export function computeTotals(results: readonly TaskResult[], modes: readonly BenchMode[]): ModeTotals[] {
  return modes
    .map((mode) => results.filter((r) => r.mode === mode))
    .filter((rows) => rows.length > 0)
    .map((rows) => {
      const normalised = rows.map((r) => r.normalised).filter((n): n is number => n !== null);
      const valid = rows.filter((r) => r.valid).length;
      const usage = rows.flatMap((r) => Object.values(r.usage));
      return {
        mode: rows[0].mode,
        tasks: rows.length,
        valid,
        validRate: valid / rows.length,
        meanNormalised: normalised.length ? normalised.reduce((a, b) => a + b, 0) / normalised.length : null,
        normalisedTasks: normalised.length,
        medianSeconds: median(rows.map((r) => r.seconds.total)),
        modelCalls: usage.reduce((a, u) => a + u.calls, 0),
        tokens: usage.reduce((a, u) => a + u.inputTokens + u.outputTokens, 0),
        cost: usageCost(usage),
        fixAttempts: rows.reduce((a, r) => a + r.fixAttempts, 0),
      };
    });
}

/** The cost of role usages: their sum, or null when one has no cost or there is none. */
export function usageCost(usage: readonly RoleUsage[]): number | null {
  if (usage.length === 0 || usage.some((u) => typeof u.cost !== "number")) return null;
  return usage.reduce((a, u) => a + (u.cost ?? 0), 0);
}

/** The median of a list, or null when it is empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
