import type { Trial } from "../../types/trial.js";
import type { State } from "./state.js";
import { lastCheck } from "./attempts.js";

/** Whether score `a` beats `b` in the metric's direction (a score beats no score). */
export function beats(a: number | null, b: number | null, higherIsBetter: boolean): boolean {
  if (a === null) return false;
  if (b === null) return true;
  return higherIsBetter ? a > b : a < b;
}

/**
 * The best validation run so far: the best holdout score; ties go to the earlier run (a
 * candidate before the Decider's instruction, a lower rank, an earlier round). Derived from the
 * trials every time, never stored.
 */
export function bestTrial(trials: Trial[], higherIsBetter: boolean): Trial | null {
  let best: Trial | null = null;
  for (const trial of ordered(trials)) {
    if (trial.holdoutScore !== null && (best === null || beats(trial.holdoutScore, best.holdoutScore, higherIsBetter))) best = trial;
  }
  return best;
}

/** Trials in the order they were asked for: selection (candidates by rank, then the decision), then rounds. */
export function ordered(trials: Trial[]): Trial[] {
  const sourceOrder = { candidate: 0, decision: 1, improvement: 2 };
  return [...trials].sort((a, b) => a.round - b.round || sourceOrder[a.source] - sourceOrder[b.source] || (a.rank ?? 0) - (b.rank ?? 0));
}

/** Whether an improvement round's run was kept: it beat every run before it. */
export function kept(trial: Trial, trials: Trial[], higherIsBetter: boolean): boolean {
  const before = bestTrial(
    trials.filter((t) => t.round < trial.round),
    higherIsBetter,
  );
  return beats(trial.holdoutScore, before?.holdoutScore ?? null, higherIsBetter);
}

/** Improvement rounds at the end of the search, in a row, whose run was not kept. */
export function roundsWithoutGain(trials: Trial[], higherIsBetter: boolean): number {
  const rounds = ordered(trials).filter((t) => t.source === "improvement");
  let count = 0;
  for (const trial of rounds.reverse()) {
    if (kept(trial, trials, higherIsBetter)) break;
    count += 1;
  }
  return count;
}

/** The validation run whose script was submitted after a search, or null (no submission, or the paper's flow). */
export function submittedTrial(state: Partial<State>): Trial | null {
  return state.submissionPath && state.holdout ? bestTrial(state.trials ?? [], state.holdout.higherIsBetter) : null;
}

/** The submitted solution's validation score: the best run's holdout score after a search, else the script's own claim. */
export function submittedScore(state: Partial<State>): { score: number | null; source: "holdout" | "script" | null } {
  const best = submittedTrial(state);
  if (best) return { score: best.holdoutScore, source: "holdout" };
  const claimed = lastCheck(state.attempts ?? [])?.validationScore ?? null;
  return { score: claimed, source: claimed === null ? null : "script" };
}
