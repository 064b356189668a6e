import { computeTotals } from "../../../src/bench/totals.js";
import type { BenchResults, TaskResult } from "../../../src/bench/result.js";

/** README floor and generic baseline of three shared tasks, for synthetic results. */
const TASKS = [
  ["titanic", "accuracy", "higher", 0.622, 0.7727],
  ["house-prices", "rmse", "lower", 0.4169, 0.1309],
  ["penguins", "accuracy", "higher", 0.4348, 0.9855],
] as const;

/** Synthetic results of three tasks in both modes, their run directories under `runsRoot`; house-prices/vanilla is invalid. */
export function sampleResults(runsRoot = "/runs"): BenchResults {
  const results: TaskResult[] = TASKS.flatMap(([task, metric, direction, floor, reference], i) =>
    (["pipeline", "vanilla"] as const).map((mode, j): TaskResult => {
      const score = i === 1 && j === 1 ? null : reference + (j ? -0.02 : 0.01) * (direction === "higher" ? 1 : -1);
      return {
        task,
        mode,
        seed: 0,
        status: "succeeded",
        valid: score !== null,
        score,
        metric,
        direction,
        floor,
        reference,
        normalised: score === null ? 0 : (score - floor) / (reference - floor),
        validationScore: reference + (j ? 0.012 : 0.005) * (direction === "higher" ? 1 : -1), // vanilla's claim overshoots
        invalidReason: score === null ? 'column "SalePrice" has 1 NaN value' : null,
        error: null,
        engine: "model",
        fixAttempts: j,
        seconds: { prepare: 1.5, instructions: j ? 0 : 4, codegen: 2, execute: 5 + i, check: 0.1, fix: j, other: 0.05, total: 14 },
        usage: { coder: { calls: j ? 1 : 4, inputTokens: 1000, outputTokens: 300 } },
        runDir: `${runsRoot}/${task}/${mode}`,
        startedAt: "2026-01-01T00:00:00.000Z",
        finishedAt: "2026-01-01T00:00:14.000Z",
      };
    }),
  );
  return {
    version: 1,
    suite: "/suite",
    settings: { engine: "model", modes: ["pipeline", "vanilla"] },
    startedAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:01:00.000Z",
    results,
    totals: computeTotals(results, ["pipeline", "vanilla"]),
  };
}
