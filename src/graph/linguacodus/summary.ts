import type { Fallback } from "../../models/mechanism.js";
import { summariseUsage, totalCost } from "../../models/usage.js";
import type { Attempt } from "../../types/attempt.js";
import type { ScriptMetrics } from "../../types/script-metrics.js";
import type { RunStatus, State } from "./state.js";
import { kept, ordered, submittedScore, submittedTrial } from "./search.js";
import { currentVersion, fixAttempts, fixHistory, lastCheck } from "./attempts.js";

/**
 * How a run stands in its summary: its status, or two the graph state does not know: paused at
 * the review interrupt (waiting for an answer; the state says running), or interrupted by a
 * signal (SIGINT/SIGTERM; `linguacodus resume` continues it).
 */
export type SummaryStatus = RunStatus | "paused_for_review" | "interrupted";

/** A summary status as the CLI prints it ("paused for review"). */
export function statusText(status: SummaryStatus): string {
  return status === "paused_for_review" ? "paused for review" : status;
}

/** One script version in a summary: how it ran and what it scored. */
export interface AttemptSummary {
  /** Script version (code/solution.vN.py). */
  version: number;
  /** What wrote it: blocks, vanilla, fix or seed. */
  origin: Attempt["origin"];
  /** What the fix that wrote it changed, or null. */
  change: string | null;
  /** The script's exit code, or the signal that killed it; null when it never ran. */
  exit: number | string | null;
  /** The limit that stopped it, or null. */
  limitHit: string | null;
  /** Its failure in one line, or null. */
  error: string | null;
  /** How long the script ran, in ms (null when it never ran). */
  execMs: number | null;
  /** From writing the version to the end of its check, in ms (null while it is open). */
  durationMs: number | null;
  /** The score the script printed about itself, or null. */
  reportedScore: number | null;
  /** The harness's holdout score of this version, or null. */
  holdoutScore: number | null;
}

/** Attempts as the summary shows them. */
function summariseAttempts(attempts: readonly Attempt[]): AttemptSummary[] {
  return attempts.map((a) => ({
    version: a.version,
    origin: a.origin,
    change: a.fix?.change ?? null,
    exit: a.execution ? (a.execution.exitCode ?? a.execution.signal) : null,
    limitHit: a.execution?.limitHit ?? null,
    error: a.failure?.summary ?? null,
    execMs: a.execution?.durationMs ?? null,
    durationMs: a.endedAt === null ? null : a.endedAt - a.startedAt,
    reportedScore: a.check?.validationScore ?? null,
    holdoutScore: a.holdoutScore,
  }));
}

/** The run summary written to summary.json and shown by the CLI. */
export interface RunSummary {
  /** Final status, or paused_for_review / interrupted. */
  status: SummaryStatus;
  /** Engine that ran. */
  engine: string | undefined;
  /** Run directory. */
  runDir: string | undefined;
  /** Validated submission, if any. */
  submissionPath: string | null;
  /** Title of the instruction the code was (or is to be) generated from, if decided. */
  instructionTitle: string | null;
  /** The metric solutions are scored with. */
  metric: string | null;
  /** Whether a higher score is better. */
  higherIsBetter: boolean | null;
  /** The submitted solution's validation score: the harness's holdout score (measured selection), else the script's own claim. */
  validationScore: number | null;
  /** Where validationScore comes from: the harness's holdout, or the script's printed claim (the paper's flow has no holdout). */
  validationSource: "holdout" | "script" | null;
  /** The score the final script printed about itself (VALIDATION_SCORE); it decides nothing. */
  reportedScore: number | null;
  /** How the solution was chosen: measured (holdout scores) or paper (the Decider before any code ran). */
  selection: "measured" | "paper";
  /** The holdout: its kind (holdout, stratified-holdout, kfold, stratified-kfold, time), folds and rows; or why there is none. */
  holdout: { kind: string; folds: number; fitRows: number; holdoutRows: number; seed: number } | { none: string } | null;
  /** The candidates' validation runs: rank, title, holdout and reported scores, and which was chosen. */
  candidates: Array<{
    rank: number;
    title: string;
    holdoutScore: number | null;
    reportedScore: number | null;
    reportedNote: string | null;
    failure: string | null;
    chosen: boolean;
    /** Fix attempts its validation run needed. */
    fixAttempts: number;
    /** Its validation run's script versions. */
    attempts: AttemptSummary[];
    /** Each model's own validation score and the blend weights, from its validation run's metrics.json (the script's claim), or null. */
    models: ScriptMetrics | null;
  }>;
  /** The Decider's instruction's run and every improvement round: change, holdout score, kept, and its script versions. */
  rounds: Array<{
    round: number;
    key: string;
    change: string | null;
    holdoutScore: number | null;
    kept: boolean;
    failure: string | null;
    fixAttempts: number;
    attempts: AttemptSummary[];
    /** Each model's own validation score and the blend weights, from the run's metrics.json, or null. */
    models: ScriptMetrics | null;
  }>;
  /** Key of the validation run whose script was submitted, or null. */
  bestRun: string | null;
  /** Why the search stopped, or null. */
  searchStop: string | null;
  /** The run's report.html, once written. */
  reportPath: string | null;
  /** Fix attempts used. */
  fixAttempts: number;
  /** Fix attempts that repeated the previous error and so regenerated the script from the instruction. */
  escalations: Array<{ attempt: number; error: string }>;
  /** Script versions written. */
  codeVersions: number;
  /** Every script version of the final run, oldest first. */
  attempts: AttemptSummary[];
  /** Each model's own validation score and the blend weights from the final script's metrics.json (its claim), or null. */
  models: ScriptMetrics | null;
  /** What ended a failed run. */
  error: string | null;
  /** Where a run stopped on an error (`linguacodus resume` continues there), or null. */
  stoppedAt: string | null;
  /** Model calls, tokens and cost per role. */
  usage: ReturnType<typeof summariseUsage>;
  /** Total cost of the model calls (null when some model has no price, or no call was made). */
  cost: number | null;
  /** Structured-output fallbacks auto made (each once per run). */
  structuredFallbacks: Fallback[];
  /** Python version and installed libraries of the run's interpreter (null when not probed). */
  environment: { python: string; libraries: Record<string, string>; cpus: number; gpus: string[] } | null;
}

/** Builds the summary of a run from its state. */
export function summarise(state: Partial<State>, status: SummaryStatus): RunSummary {
  const env = state.environment;
  const holdout = state.holdout ?? null;
  const higherIsBetter = holdout?.higherIsBetter ?? true;
  const trials = ordered(state.trials ?? []);
  const best = submittedTrial(state);
  const submitted = submittedScore(state);
  const attempts = state.attempts ?? [];
  return {
    status,
    engine: state.engine,
    runDir: state.runDir,
    submissionPath: state.submissionPath ?? null,
    instructionTitle: state.instruction?.title ?? null,
    metric: holdout?.metric ?? state.profile?.metric ?? null,
    higherIsBetter: holdout?.higherIsBetter ?? state.profile?.higherIsBetter ?? null,
    validationScore: submitted.score,
    validationSource: submitted.source,
    reportedScore: lastCheck(attempts)?.validationScore ?? null,
    selection: holdout && trials.some((t) => t.source === "candidate") ? "measured" : "paper",
    holdout: holdout
      ? {
          kind: holdout.kind,
          folds: holdout.splits.length,
          fitRows: holdout.splits[0].fitRows,
          holdoutRows: holdout.splits[0].holdoutRows,
          seed: holdout.seed,
        }
      : state.holdoutNote
        ? { none: state.holdoutNote }
        : null,
    candidates: trials
      .filter((t) => t.source === "candidate")
      .map((t) => ({
        rank: t.rank ?? 0,
        title: t.title,
        holdoutScore: t.holdoutScore,
        reportedScore: t.reportedScore,
        reportedNote: t.reportedNote,
        failure: t.failure,
        chosen:
          t.key === best?.key || (best?.source === "decision" && t.rank === best.rank) || (!best && t.rank === state.decision?.chosen),
        fixAttempts: fixAttempts(t.attempts),
        attempts: summariseAttempts(t.attempts),
        models: lastCheck(t.attempts)?.metrics ?? null,
      })),
    rounds: trials
      .filter((t) => t.source !== "candidate")
      .map((t) => ({
        round: t.round,
        key: t.key,
        change: t.change,
        holdoutScore: t.holdoutScore,
        kept: t.source === "improvement" ? kept(t, trials, higherIsBetter) : true,
        failure: t.failure,
        fixAttempts: fixAttempts(t.attempts),
        attempts: summariseAttempts(t.attempts),
        models: lastCheck(t.attempts)?.metrics ?? null,
      })),
    bestRun: best?.key ?? null,
    searchStop: state.searchStop ?? null,
    reportPath: state.reportPath ?? null,
    fixAttempts: fixAttempts(attempts),
    escalations: fixHistory(attempts)
      .filter((h) => h.escalated)
      .map((h) => ({ attempt: h.attempt, error: h.signature })),
    codeVersions: currentVersion(attempts),
    attempts: summariseAttempts(attempts),
    models: lastCheck(attempts)?.metrics ?? null,
    error: state.error ?? null,
    stoppedAt: state.stopped?.node ?? null,
    usage: summariseUsage(state.usage ?? []),
    cost: totalCost(state.usage ?? []),
    structuredFallbacks: state.fallbacks ?? [],
    environment: env ? { python: env.python, libraries: env.libraries, cpus: env.cpus, gpus: env.gpus } : null,
  };
}
