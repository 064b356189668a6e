import { basename, join, resolve } from "node:path";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { runTask } from "../bench/run-task.js";
import type { TaskResult } from "../bench/result.js";
import { hasCheckpoint, streamGraph } from "../bench/stream-graph.js";
import { readTaskSpec } from "../tools/task/task-spec.js";
import { LinguacodusContext, type Context } from "../graph/linguacodus/context.js";
import type { State } from "../graph/linguacodus/state.js";
import { summarise, type RunSummary } from "../graph/linguacodus/summary.js";
import { writeJsonArtifact } from "../run/artifacts.js";
import { isCheckpointStoreError } from "../run/checkpoint-store-error.js";
import type { ProgressEvent } from "../types/progress-events.js";
import type { BenchJobData, JobData, SolveJobData } from "./jobs.js";

/** What a worker decides for every job, whatever the job asks. */
export interface WorkerPolicy {
  /** Python for profiling and generated code (the worker's, never the job's). */
  python: string;
  /** Whether jobs may run generated code without the sandbox (the worker's --unsafe-no-sandbox). */
  allowUnsandboxed: boolean;
  /** Where solve jobs without a run directory get `<runsDir>/<job id>`. */
  runsDir: string;
  /** CPU threads per script when the job does not say (the machine's cores over the worker's concurrency). */
  threads: number;
}

/** What one job needs besides its data. */
export interface JobEnvironment {
  /** The job id (also the checkpoint thread id). */
  jobId: string;
  /** The shared checkpointer. */
  checkpointer: BaseCheckpointSaver;
  /** The worker's policy. */
  policy: WorkerPolicy;
  /** Called with each progress event of the run, as it comes. */
  onProgress: (event: ProgressEvent) => void;
  /** When (epoch ms) the run must have ended: the job's start in the queue plus its task timeout (its worker kills the process a little after). */
  deadline: number;
}

/** Whole seconds left until the deadline (at least 1). */
function secondsLeft(deadline: number): number {
  return Math.max(1, Math.round((deadline - Date.now()) / 1000));
}

/** A job the worker will not run as asked (the message says why). */
export class JobRefusedError extends Error {
  override readonly name = "JobRefusedError";
}

/** Runs one job to its output: a graded TaskResult (bench) or a run summary (solve). */
export function runJob(data: JobData, env: JobEnvironment): Promise<TaskResult | RunSummary> {
  return data.kind === "bench" ? runBenchJob(data, env) : runSolveJob(data, env);
}

/** The job's context under the worker's policy: its own Python, its sandbox rule, its thread count. */
function jobContext(raw: Record<string, unknown>, policy: WorkerPolicy, runDir: string | null): Context {
  const parsed = LinguacodusContext.safeParse(raw);
  if (!parsed.success) throw new JobRefusedError(`the job's run context is invalid: ${parsed.error.issues[0]?.message}`);
  const context = parsed.data;
  if (context.sandbox === "none" && !policy.allowUnsandboxed)
    throw new JobRefusedError(
      "the job asks to run generated code without the sandbox; this worker was not started with --unsafe-no-sandbox",
    );
  return {
    ...context,
    python: policy.python,
    runsDir: policy.runsDir,
    runDir: runDir ?? context.runDir,
    execThreads: context.execThreads ?? policy.threads,
    review: false, // nobody answers a review interrupt in a queue worker
  };
}

/** A bench job: the same runTask the local bench runs, with the thread's checkpoints. */
async function runBenchJob(data: BenchJobData, env: JobEnvironment): Promise<TaskResult> {
  const dir = resolve(data.taskDir);
  const task = { id: basename(dir), dir, publicDir: join(dir, "public"), spec: await readTaskSpec(dir) };
  return runTask(
    { task, mode: data.mode, seed: data.seed },
    {
      out: data.out,
      context: jobContext(data.context, env.policy, null),
      taskTimeoutSeconds: secondsLeft(env.deadline),
      floor: data.floor,
      reference: data.reference,
      onProgress: env.onProgress,
      checkpoint: { checkpointer: env.checkpointer, threadId: env.jobId },
      isInfrastructureError: isCheckpointStoreError,
    },
  );
}

/** A solve job: the whole graph on the task, continued from its checkpoint when it has one. */
async function runSolveJob(data: SolveJobData, env: JobEnvironment): Promise<RunSummary> {
  const raw = data.context.runDir;
  const runDir = typeof raw === "string" && raw ? resolve(raw) : join(resolve(env.policy.runsDir), env.jobId);
  const context = jobContext(data.context, env.policy, runDir);
  const checkpoint = { checkpointer: env.checkpointer, threadId: env.jobId };
  const resuming = await hasCheckpoint(checkpoint);
  const timeout = AbortSignal.timeout(secondsLeft(env.deadline) * 1000);
  const seen: { last: Partial<State> } = { last: {} };
  let summary: RunSummary;
  try {
    const run = { mode: "pipeline" as const, taskDir: resolve(data.taskDir), context, signal: timeout, resuming, checkpoint };
    await streamGraph({ ...run, onProgress: env.onProgress }, seen);
    summary = summarise(seen.last, seen.last.status === "running" || !seen.last.status ? "failed" : seen.last.status);
  } catch (error) {
    if (isCheckpointStoreError(error)) throw error;
    const message = timeout.aborted
      ? `the run took longer than ${data.taskTimeoutSeconds} s`
      : error instanceof Error
        ? error.message
        : String(error);
    summary = summarise({ ...seen.last, runDir, error: message }, "failed");
    await writeJsonArtifact(runDir, "stopped.json", summary);
  }
  return summary;
}
