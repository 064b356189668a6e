import type { CorpusSolution } from "./corpus.js";

/**
 * Ranks solutions by score, best first (1 = best), in the metric's direction. Ties keep corpus
 * order; solutions without a score get no rank. Returns solution id → rank.
 */
export function rankSolutions(solutions: readonly CorpusSolution[], higherIsBetter: boolean): Map<string, number> {
  const scored = solutions.flatMap((solution, index) =>
    solution.score === null ? [] : [{ id: solution.id, score: solution.score, index }],
  );
  scored.sort((a, b) => (higherIsBetter ? b.score - a.score : a.score - b.score) || a.index - b.index);
  return new Map(scored.map((entry, position) => [entry.id, position + 1]));
}
