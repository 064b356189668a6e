import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { ProgressEvent } from "../../types/progress-events.js";
import type { Trial } from "../../types/trial.js";
import type { ExecResult } from "../../tools/sandbox/executor-types.js";
import { printable } from "../../tools/sandbox/plain-text.js";
import { lastError } from "../../tools/task/failure-cause.js";
import { parseValidationScore } from "../../tools/task/script-contract.js";
import { ordered } from "./search.js";

/** configurable key a validation run sets for its codegen run: the run's key, so its events say where they come from. */
export const TRIAL_KEY = "linguacodus_trial";

/** configurable key a validation run sets for its codegen run on a holdout of several folds: the fold (1..). */
export const FOLD_KEY = "linguacodus_fold";

/** The validation run (and fold) a node runs in, from the configurable keys validate sets; empty elsewhere. */
function scopeOf(config: LangGraphRunnableConfig): { candidate?: string; fold?: number } {
  const candidate = config.configurable?.[TRIAL_KEY];
  const fold = config.configurable?.[FOLD_KEY];
  return { ...(typeof candidate === "string" ? { candidate } : {}), ...(typeof fold === "number" ? { fold } : {}) };
}

/**
 * Writes a progress event to LangGraph's custom stream (it reaches stream() callers with
 * streamMode "custom", LangGraph server clients and a parent graph), with the validation run it
 * belongs to. A no-op without a writer (an invoke, a unit test's bare config).
 */
export function emitProgress(config: LangGraphRunnableConfig, event: ProgressEvent): void {
  config.writer?.({ ...event, ...scopeOf(config) });
}

/** What follows an announced script execution: its stdout lines as they come, and its end. */
export interface ExecProgress {
  /** Passes one stdout line on (give it to the executor). */
  onStdoutLine: (line: string) => void;
  /** Announces the end: exit, limit, the error in one line, the script's own score, time. */
  end: (execution: ExecResult) => void;
}

/** Announces attempt `attempt` (script version `version`) on the custom stream: a validation run's script, or the final run's. */
export function execProgress(config: LangGraphRunnableConfig, attempt: number, version: number): ExecProgress {
  const kind = scopeOf(config).candidate === undefined ? "final" : "validation";
  emitProgress(config, { event: "exec-start", attempt, version, kind });
  return {
    onStdoutLine: (line) => emitProgress(config, { event: "stdout", attempt, line }),
    end: (execution) => {
      const error = execution.ok ? null : lastError(execution.stderr);
      emitProgress(config, {
        event: "exec-end",
        attempt,
        ok: execution.ok,
        exitCode: execution.exitCode,
        limitHit: execution.limitHit,
        errorLine: error === null ? null : printable(error),
        reportedScore: parseValidationScore(execution.stdout),
        ms: execution.durationMs,
      });
    },
  };
}

/** Writes the standings of the validation runs, best holdout score first (runs without one last, in the order they were asked for). */
export function emitStandings(config: LangGraphRunnableConfig, trials: Trial[], higherIsBetter: boolean): void {
  const scored = ordered(trials).filter((t) => t.holdoutScore !== null);
  scored.sort((a, b) => ((a.holdoutScore ?? 0) - (b.holdoutScore ?? 0)) * (higherIsBetter ? -1 : 1));
  const unscored = ordered(trials).filter((t) => t.holdoutScore === null);
  for (const [i, trial] of [...scored, ...unscored].entries()) {
    emitProgress(config, {
      event: "candidate-score",
      key: trial.key,
      rank: trial.rank,
      title: trial.title,
      holdoutScore: trial.holdoutScore,
      reportedScore: trial.reportedScore,
      position: trial.holdoutScore === null ? null : i + 1,
    });
  }
}
