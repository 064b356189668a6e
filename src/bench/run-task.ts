import { join } from "node:path";
import type { BaseStore } from "@langchain/langgraph";
import { graph as linguacodus } from "../graph/linguacodus/graph.js";
import { graph as codegen } from "../graph/codegen/graph.js";
import type { Context } from "../graph/linguacodus/context.js";
import type { State } from "../graph/linguacodus/state.js";
import { isNodeStart } from "../graph/linguacodus/instrument.js";
import { moveAside } from "../run/move-aside.js";
import type { ServiceOverrides } from "../graph/linguacodus/services.js";
import type { PythonExecutor } from "../tools/sandbox/executor-types.js";
import { readRunEvents } from "./events.js";
import { gradeSubmission, type Grade } from "../tools/task/grade.js";
import { normalisedScore } from "./totals.js";
import type { BenchMode, TaskResult, TaskStatus } from "./result.js";
import type { SuiteTask } from "./suite.js";

/** One unit of bench work: a task in a mode. */
export interface BenchJob {
  /** The task. */
  task: SuiteTask;
  /** The mode. */
  mode: BenchMode;
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
  /** Called when a node starts, for the live display. */
  onNode?: (node: string, fixAttempts: number) => void;
  /** The experience store the runs recall from and record in (none: no experience). */
  store?: BaseStore;
}

/** The bench as a whole was stopped while this job ran. */
export class BenchAbortedError extends Error {
  override readonly name = "BenchAbortedError";
}

/** Runs one task in one mode and grades its submission; a crash or timeout becomes a result, never a throw. */
export async function runTask(job: BenchJob, options: RunTaskOptions): Promise<TaskResult> {
  const startedAt = new Date();
  const runDir = join(options.out, "runs", job.task.id, job.mode);
  await moveAside(runDir); // a run directory left by an interrupted bench is kept, renamed
  const timeout = options.taskTimeoutSeconds ? AbortSignal.timeout(options.taskTimeoutSeconds * 1000) : null;
  const signal = AbortSignal.any([options.signal, timeout].filter((s): s is AbortSignal => s !== null && s !== undefined));
  const seen: { last: Partial<State> } = { last: {} };
  let status: TaskStatus;
  let error: string | null = null;
  try {
    await streamRun(job, { ...options.context, runDir }, options, signal, seen);
    const { last } = seen;
    status = last.status === "succeeded" || last.status === "budget_exhausted" ? last.status : "failed";
    error = last.error ?? null;
  } catch (caught) {
    if (options.signal?.aborted) throw new BenchAbortedError(`bench stopped while ${job.task.id}/${job.mode} ran`);
    status = timeout?.aborted ? "timeout" : "crashed";
    error = timeout?.aborted
      ? `the run took longer than ${options.taskTimeoutSeconds} s`
      : caught instanceof Error
        ? caught.message
        : String(caught);
  }
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const { last } = seen;
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
    status,
    valid: grade?.valid ?? false,
    score: grade?.score ?? null,
    metric: job.task.spec.metric,
    direction: job.task.spec.higher_is_better ? "higher" : "lower",
    floor: options.floor,
    reference: options.reference,
    normalised: normalisedScore(grade?.score ?? null, options.floor, options.reference),
    validationScore: last.submissionCheck?.validationScore ?? null,
    invalidReason: invalidReason(grade, status, error),
    error: status === "succeeded" ? null : error,
    engine: last.engine ?? null,
    fixAttempts: last.fixAttempts ?? events.fixes,
    seconds: { ...events.stages, total: seconds },
    usage: events.usage,
    runDir,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
  };
}

/** Streams the mode's graph on the task's public directory; `seen.last` holds the latest state, also after a throw. */
async function streamRun(
  job: BenchJob,
  context: Context,
  options: RunTaskOptions,
  signal: AbortSignal,
  seen: { last: Partial<State> },
): Promise<void> {
  const graph = job.mode === "pipeline" ? linguacodus : codegen;
  const configurable: ServiceOverrides = options.executor ? { executor: options.executor } : {};
  const stream = await graph.stream(
    { taskDir: job.task.publicDir },
    { context, configurable, store: options.store, signal, streamMode: ["values", "custom"], subgraphs: true, recursionLimit: 200 },
  );
  for await (const [, mode, chunk] of stream) {
    if (mode === "values") seen.last = { ...seen.last, ...(chunk as Partial<State>) };
    else if (isNodeStart(chunk)) options.onNode?.(chunk.node, chunk.fixAttempts);
  }
}

/** Why a result has no valid submission: the grader's reasons, or the run's end. */
function invalidReason(grade: Grade | null, status: TaskStatus, error: string | null): string | null {
  if (grade) return grade.error;
  if (status === "succeeded") return "the run reported success but wrote no submission";
  return `no submission (${status}${error ? `: ${error}` : ""})`;
}
