import { SCORE_PREFIX } from "./script-contract.js";

/** The range a metric's values lie in (inclusive). */
const RANGES: Record<string, [number, number]> = {
  accuracy: [0, 1],
  f1: [0, 1],
  macro_f1: [0, 1],
  micro_f1: [0, 1],
  weighted_f1: [0, 1],
  precision: [0, 1],
  recall: [0, 1],
  auc: [0, 1],
  logloss: [0, Infinity],
  rmse: [0, Infinity],
  rmsle: [0, Infinity],
  log_rmse: [0, Infinity],
  mae: [0, Infinity],
  mape: [0, Infinity],
  r2: [-Infinity, 1],
};

/** The score a script printed about itself, and what is wrong with the claim. */
export interface ReportedScore {
  /** The last finite VALIDATION_SCORE the script printed that lies in the metric's range, or null. */
  score: number | null;
  /** Why the claim was not taken (none printed, NaN, infinite, out of range), or null when it was. */
  note: string | null;
}

/** A score line: the prefix, then anything (what follows is judged, not just matched). */
const LINE = new RegExp(`^${SCORE_PREFIX}\\s*(\\S+)\\s*$`, "gim");

/**
 * Reads the script's own claim from its stdout. It decides nothing (the harness's holdout score
 * does); it is kept to show how far a script's self-report is from the truth. The last claim is
 * judged: NaN, infinite, unparsable or outside the metric's range is noted and not taken.
 */
export function readReportedScore(stdout: string, metric: string | null): ReportedScore {
  const claims = [...stdout.matchAll(LINE)].map((m) => m[1]);
  const last = claims.at(-1);
  if (last === undefined) return { score: null, note: "no VALIDATION_SCORE line printed" };
  const value = Number(last.toLowerCase().replace(/^([+-]?)inf(inity)?$/, "$1Infinity"));
  if (Number.isNaN(value)) return { score: null, note: `printed ${last}: not a number` };
  if (!Number.isFinite(value)) return { score: null, note: `printed ${last}: infinite` };
  const [low, high] = (metric && RANGES[metric]) || [-Infinity, Infinity];
  if (value < low || value > high) return { score: null, note: `printed ${last}: outside ${metric}'s range [${low}, ${high}]` };
  return { score: value, note: null };
}
