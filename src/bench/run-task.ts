import { join } from "node:path";
import type { BaseStore } from "@langchain/langgraph";
import type { Context } from "../graph/linguacodus/context.js";
import type { State } from "../graph/linguacodus/state.js";
import { moveAside } from "../run/move-aside.js";
import type { PythonExecutor } from "../tools/sandbox/executor-types.js";
import type { ProgressEvent } from "../types/progress-events.js";
import { readRunEvents } from "./events.js";
import { submittedScore } from "../graph/linguacodus/search.js";
import { fixAttempts } from "../graph/linguacodus/attempts.js";
import { gradeSubmission, type Grade } from "../tools/task/grade.js";
import { normalisedScore } from "./totals.js";
import type { BenchMode, TaskResult, TaskStatus } from "./result.js";
import type { SuiteTask } from "./suite.js";
import { hasCheckpoint, streamGraph, type RunCheckpoint } from "./stream-graph.js";

/** One unit of bench work: a task in a mode, one seed (repetition) of it. */
export interface BenchJob {
  /** The task. */
  task: SuiteTask;
  /** The mode. */
  mode: BenchMode;
  /** Repetition index (0 for the first run of a task and mode). */
  seed: number;
}

/** The run directory of a job: `<out>/runs/<task>/<mode>`, `<mode>.seed-N` for seeds after the first. */
export function benchRunDir(out: string, job: Pick<BenchJob, "task" | "mode" | "seed">): string {
  return join(out, "runs", job.task.id, job.seed === 0 ? job.mode : `${job.mode}.seed-${job.seed}`);
}

/** What running one job needs. */
export interface RunTaskOptions {
  /** Bench output directory; the run directory is `<out>/runs/<task>/<mode>`. */
  out: string;
  /** Run context shared by every task (runDir is set per task). */
  context: Context;
  /** An executor to use instead of the context's sandbox (tests); scripts get the context's execThreads. */
  executor?: PythonExecutor;
  /** Wall limit of the whole run in seconds (null: none). */
  taskTimeoutSeconds: number | null;
  /** Aborts the whole bench: the job then throws BenchAbortedError and records nothing. */
  signal?: AbortSignal;
  /** The score of the task's sample submission (the floor). */
  floor: number | null;
  /** The task's reference score, if known. */
  reference: number | null;
  /** Called with each progress event of the run, for the live display. */
  onProgress?: (event: ProgressEvent) => void;
  /** The experience store the runs recall from and record in (none: no experience). */
  store?: BaseStore;
  /** Checkpoints of the run: a run that has one continues from it (the run directory is kept), else it starts afresh. */
  checkpoint?: RunCheckpoint;
  /** Errors that are not the run's own (the checkpoint store is down): rethrown, never recorded as a crash. */
  isInfrastructureError?: (error: unknown) => boolean;
}

/** The bench as a whole was stopped while this job ran. */
export class BenchAbortedError extends Error {
  override readonly name = "BenchAbortedError";
}

/** Runs one task in one mode and grades its submission; a crash or timeout becomes a result, never a throw. */
export async function runTask(job: BenchJob, options: RunTaskOptions): Promise<TaskResult> {
  const startedAt = new Date();
  const runDir = benchRunDir(options.out, job);
  const resuming = options.checkpoint ? await hasCheckpoint(options.checkpoint) : false;
  if (!resuming) await moveAside(runDir); // a run directory left by an interrupted bench is kept, renamed
  const timeout = options.taskTimeoutSeconds ? AbortSignal.timeout(options.taskTimeoutSeconds * 1000) : null;
  const signal = AbortSignal.any([options.signal, timeout].filter((s): s is AbortSignal => s !== null && s !== undefined));
  const seen: { last: Partial<State> } = { last: {} };
  let status: TaskStatus;
  let error: string | null = null;
  try {
    const run = { mode: job.mode, taskDir: job.task.publicDir, context: { ...options.context, runDir }, signal, resuming };
    await streamGraph(
      { ...run, executor: options.executor, checkpoint: options.checkpoint, onProgress: options.onProgress, store: options.store },
      seen,
    );
    const { last } = seen;
    status = last.status === "succeeded" || last.status === "budget_exhausted" ? last.status : "failed";
    error = last.error ?? null;
  } catch (caught) {
    if (options.isInfrastructureError?.(caught)) throw caught;
    if (options.signal?.aborted) throw new BenchAbortedError(`bench stopped while ${job.task.id}/${job.mode} ran`);
    status = timeout?.aborted ? "timeout" : "crashed";
    error = timeout?.aborted
      ? `the run took longer than ${options.taskTimeoutSeconds} s`
      : caught instanceof Error
        ? caught.message
        : String(caught);
  }
  return gradeRun(job, options, { status, error, last: seen.last, startedAt });
}

/** How a run ended, before grading. */
export interface RunEnd {
  /** The run's status. */
  status: TaskStatus;
  /** What ended it badly, if anything. */
  error: string | null;
  /** The run's latest state (empty when none is known). */
  last: Partial<State>;
  /** When the run (this attempt) started. */
  startedAt: Date;
}

/** Grades a run's submission (if any) against the task's answers and builds its result row. */
export async function gradeRun(
  job: BenchJob,
  options: Pick<RunTaskOptions, "out" | "floor" | "reference">,
  end: RunEnd,
): Promise<TaskResult> {
  const runDir = benchRunDir(options.out, job);
  const seconds = (Date.now() - end.startedAt.getTime()) / 1000;
  const { last } = end;
  let { status, error } = end;
  let grade: Grade | null = null;
  if (last.submissionPath && status !== "timeout") {
    try {
      grade = await gradeSubmission(job.task.dir, last.submissionPath);
    } catch (caught) {
      status = "crashed";
      error = `grading failed: ${caught instanceof Error ? caught.message : String(caught)}`;
    }
  }
  const events = await readRunEvents(runDir);
  return {
    task: job.task.id,
    mode: job.mode,
    seed: job.seed,
    status,
    valid: grade?.valid ?? false,
    score: grade?.score ?? null,
    metric: job.task.spec.metric,
    direction: job.task.spec.higher_is_better ? "higher" : "lower",
    floor: options.floor,
    reference: options.reference,
    normalised: normalisedScore(grade?.score ?? null, options.floor, options.reference),
    validationScore: submittedScore(last).score,
    invalidReason: invalidReason(grade, status, error),
    error: status === "succeeded" ? null : error,
    engine: last.engine ?? null,
    fixAttempts: last.attempts ? fixAttempts(last.attempts) : events.fixes,
    seconds: { ...events.stages, total: seconds },
    usage: events.usage,
    runDir,
    startedAt: end.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
  };
}

/** Why a result has no valid submission: the grader's reasons, or the run's end. */
function invalidReason(grade: Grade | null, status: TaskStatus, error: string | null): string | null {
  if (grade) return grade.error;
  if (status === "succeeded") return "the run reported success but wrote no submission";
  return `no submission (${status}${error ? `: ${error}` : ""})`;
}
