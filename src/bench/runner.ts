import type { TaskResult } from "./result.js";
import { runTask, type BenchJob, type RunTaskOptions } from "./run-task.js";

/** Runs bench jobs: in this process, or through a job queue whose workers run them. */
export interface BenchRunner {
  /** What runs the jobs, for results.json's settings ("local" or "queue"). */
  kind: "local" | "queue";
  /** Jobs in flight at once: the local pool size, or every job for a queue (its workers set the pace). */
  concurrency: number;
  /** CPU threads each script may use, or null when each worker decides. */
  threads: number | null;
  /** Runs one job (or has it run) to its graded result. */
  run(job: BenchJob, options: RunTaskOptions, hooks: RunHooks): Promise<TaskResult>;
}

/** What a runner is told besides the job. */
export interface RunHooks {
  /** Call when the job starts running. */
  started: () => void;
  /** Names this bench (its output directory and first start), the same across --resume. */
  benchId: string;
}

/** The runner of a local bench: `concurrency` jobs at a time in this process, each given its share of the cores. */
export function localRunner(concurrency: number, cores: number): BenchRunner {
  const lanes = Math.max(1, Math.floor(concurrency));
  return {
    kind: "local",
    concurrency: lanes,
    threads: Math.max(1, Math.floor(cores / lanes)),
    run(job, options, hooks) {
      hooks.started();
      return runTask(job, options);
    },
  };
}
