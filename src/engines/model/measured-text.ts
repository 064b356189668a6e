import type { Measured } from "../engine.js";
import type { Trial } from "../../types/trial.js";

/** The candidates' measured holdout scores as the Decider reads them (a plain note before any code ran). */
export function renderMeasured(measured: Measured | undefined): string {
  if (!measured) return "(none: no code has run yet; choose from the instructions and the critique)";
  const direction = measured.higherIsBetter ? "higher" : "lower";
  const lines = measured.scores.map(
    (s) =>
      `- candidate ${s.rank}: holdout ${measured.metric} ${s.holdoutScore ?? "none"}` +
      `${s.failure ? ` (failed: ${s.failure})` : ""}; the script's own claim: ${s.reportedScore ?? "none"}`,
  );
  return [
    `Each candidate was implemented and run; the harness scored its predictions on rows the script never saw (${direction} is better). The script's own claim decides nothing.`,
    ...lines,
  ].join("\n");
}

/** Earlier validation runs, oldest first, as the Researcher reads them when proposing an improvement. */
export function renderRounds(history: Trial[]): string {
  if (history.length === 0) return "(none)";
  return history
    .map(
      (t) =>
        `- ${t.key} "${t.title}"${t.change ? ` (change: ${t.change})` : ""}: holdout ${t.holdoutScore ?? "none"}` +
        `${t.failure ? `, failed: ${t.failure}` : ""}; claimed ${t.reportedScore ?? "none"}`,
    )
    .join("\n");
}
