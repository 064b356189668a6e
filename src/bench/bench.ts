import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import type { Context } from "../graph/linguacodus/context.js";
import { chooseEngine } from "../graph/linguacodus/services.js";
import type { PythonExecutor } from "../tools/sandbox/executor-types.js";
import { gradeSubmission } from "../tools/task/grade.js";
import type { ProgressEvent } from "../types/progress-events.js";
import { runPool } from "./pool.js";
import type { BenchProgress } from "./progress.js";
import { GENERIC_BASELINE } from "./reference-scores.js";
import type { BenchMode } from "./result.js";
import { BenchAbortedError, type BenchJob } from "./run-task.js";
import { localRunner, type BenchRunner } from "./runner.js";
import { ResultsStore } from "./store.js";
import { listSuiteTasks, type SuiteTask } from "./suite.js";
import { SqliteStore } from "../memory/sqlite-store.js";
import { STORE_FILE } from "../memory/local-store.js";

/** What to bench and how. */
export interface BenchOptions {
  /** Suite directory (`<suite>/<id>/{public,private,task.json}`). */
  suite: string;
  /** Only these task ids (default: every task). */
  tasks?: readonly string[];
  /** Modes to run each task in. */
  modes: readonly BenchMode[];
  /** Runs of each task and mode (seeds 0 … seeds − 1; default 1). */
  seeds?: number;
  /** Jobs run at the same time (local runner). */
  concurrency: number;
  /** What runs the jobs (default: a local pool of `concurrency`). */
  runner?: BenchRunner;
  /** Output directory (results files, runs/<task>/<mode>/). */
  out: string;
  /** Keep the results already in `<out>/results.json` and skip those task/mode/seed runs. */
  resume: boolean;
  /** Run context for every task (engine, fix budget, limits, models); runDir is set per task. */
  context: Context;
  /** Wall limit of one task's whole run in seconds (null: none). */
  taskTimeoutSeconds: number | null;
  /** Stops the bench: running jobs are dropped unrecorded, queued ones never start. */
  signal?: AbortSignal;
  /** Live display, if any. */
  progress?: (total: number) => BenchProgress;
  /** Executor to run scripts in (default: the sandbox the context selects). */
  executor?: PythonExecutor;
  /** Experience store file (default `<out>/experience.sqlite`, so a new bench starts empty); unused when experience is off. */
  experienceStore?: string;
}

/** How a bench call ended. */
export interface BenchOutcome {
  /** The results store (results.json, results.csv, report.html written). */
  store: ResultsStore;
  /** Jobs run now. */
  ran: number;
  /** Jobs skipped because results.json already had them. */
  skipped: number;
  /** Whether the bench was stopped before every job ran. */
  aborted: boolean;
  /** The engine the runs use. */
  engine: "model" | "offline";
  /** CPU threads each script may use (null: each queue worker decides). */
  threads: number | null;
}

/**
 * Runs every task of a suite in every mode, the solver seeing only `<task>/public`, grades each
 * submission against `<task>/private/answers.csv`, and rewrites results.json, results.csv and
 * report.html after each task. A crash, timeout or invalid submission in one task is recorded and
 * the others go on.
 */
export async function runBench(options: BenchOptions): Promise<BenchOutcome> {
  const suite = resolve(options.suite);
  const out = resolve(options.out);
  const engine = chooseEngine(options.context);
  const tasks = await listSuiteTasks(suite, options.tasks);
  const runner = options.runner ?? localRunner(options.concurrency, availableParallelism());
  const { concurrency, threads } = runner;
  const seeds = Math.max(1, Math.floor(options.seeds ?? 1));
  const settings = {
    engine,
    modes: options.modes,
    seeds,
    tasks: tasks.map((t) => t.id),
    runner: runner.kind,
    concurrency,
    threadsPerTask: threads,
    candidates: options.context.candidates,
    race: options.context.race,
    maxFixes: options.context.maxFixes,
    execTimeoutSeconds: options.context.execTimeoutSeconds,
    taskTimeoutSeconds: options.taskTimeoutSeconds,
    sandbox: options.context.sandbox,
    experience: options.context.experience,
  };
  const store = await ResultsStore.open(out, suite, settings, options.modes, options.resume);
  const all: BenchJob[] = tasks.flatMap((task) =>
    options.modes.flatMap((mode) => Array.from({ length: seeds }, (_, seed) => ({ task, mode, seed }))),
  );
  const jobs = all.filter((job) => !store.has(job.task.id, job.mode, job.seed));
  const context = { ...options.context, execThreads: options.context.execThreads ?? threads };
  const floors = new Map<string, Promise<number | null>>();
  const floorOf = (task: SuiteTask) => floors.get(task.id) ?? floors.set(task.id, gradeFloor(task)).get(task.id)!;
  const progress = options.progress?.(jobs.length);
  const experience = options.context.experience === "off" ? undefined : SqliteStore.open(options.experienceStore ?? join(out, STORE_FILE));
  await store.flush();
  progress?.start();
  let ran = 0;
  if (all.length > jobs.length)
    progress?.note(`resuming: ${all.length - jobs.length} task/mode/seed run(s) already in results.json are skipped`);
  try {
    await runPool(
      jobs,
      concurrency,
      async (job) => {
        const key = `${job.task.id}/${job.mode}${job.seed > 0 ? `#${job.seed}` : ""}`;
        try {
          const task = {
            out,
            context,
            executor: options.executor,
            taskTimeoutSeconds: options.taskTimeoutSeconds,
            signal: options.signal,
            floor: await floorOf(job.task),
            reference: GENERIC_BASELINE[job.task.id] ?? null,
            store: experience,
            onProgress: (event: ProgressEvent) => progress?.event(key, event),
          };
          const hooks = { started: () => progress?.jobStarted(key), benchId: `${out}@${store.startedAt}` };
          const result = await runner.run(job, task, hooks);
          await store.record(result);
          ran++;
          progress?.jobFinished(key, result);
        } catch (error) {
          if (!(error instanceof BenchAbortedError)) throw error;
          progress?.jobDropped(key);
        }
      },
      options.signal,
    );
  } finally {
    progress?.stop();
    experience?.close();
  }
  return { store, ran, skipped: all.length - jobs.length, aborted: options.signal?.aborted ?? false, engine, threads };
}

/** The score of the task's own constant sample submission (null when it has none or it does not grade). */
async function gradeFloor(task: SuiteTask): Promise<number | null> {
  try {
    return (await gradeSubmission(task.dir, join(task.publicDir, "sample_submission.csv"))).score;
  } catch {
    return null;
  }
}
