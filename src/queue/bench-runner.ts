import { createHash } from "node:crypto";
import { gradeRun, BenchAbortedError, type BenchJob, type RunTaskOptions } from "../bench/run-task.js";
import { TaskResultSchema, type TaskResult } from "../bench/result.js";
import type { BenchRunner } from "../bench/runner.js";
import type { Queue } from "./boss.js";
import type { JobFollower, JobEnd } from "./follower.js";
import type { BenchJobData } from "./jobs.js";
import { DEFAULT_TASK_TIMEOUT_SECONDS, SOLVE_QUEUE, solveJobOptions } from "./policy.js";

/**
 * The runner of a queued bench: each job goes to the solve queue (its id derived from the bench
 * and the job, so a resumed bench follows the jobs it already sent instead of sending them again)
 * and its result comes back from the worker that ran it: the same runTask, grading included, as a
 * local bench runs. A job the queue gave up on (every attempt crashed its job process) is recorded
 * as crashed, naming the attempts.
 */
export function queueRunner(boss: Queue, follower: JobFollower, signal?: AbortSignal): BenchRunner {
  return {
    kind: "queue",
    concurrency: Number.MAX_SAFE_INTEGER,
    threads: null,
    async run(job, options, hooks) {
      const startedAt = new Date();
      const id = jobId(hooks.benchId, job);
      const timeout = options.taskTimeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS;
      if (!(await boss.getJobById(SOLVE_QUEUE, id, { includeArchive: true }))) {
        const data: BenchJobData = {
          kind: "bench",
          taskDir: job.task.dir,
          mode: job.mode,
          seed: job.seed,
          out: options.out,
          context: options.context,
          taskTimeoutSeconds: timeout,
          floor: options.floor,
          reference: options.reference,
          progressQueue: follower.progressQueue,
        };
        await boss.send(SOLVE_QUEUE, data, solveJobOptions(id));
      }
      const ended = follower.follow(id, { started: () => hooks.started(), event: options.onProgress });
      let onAbort = () => {};
      const stopped = new Promise<null>((done) => {
        onAbort = () => done(null);
        if (signal?.aborted) onAbort();
        else signal?.addEventListener("abort", onAbort, { once: true });
      });
      const end = await Promise.race([ended, stopped]).finally(() => signal?.removeEventListener("abort", onAbort));
      if (!end) throw new BenchAbortedError(`bench stopped while ${job.task.id}/${job.mode} ran (the job stays queued)`);
      return resultOf(job, options, end, startedAt);
    },
  };
}

/** The result a finished job returned, or a crashed result for a job the queue gave up on. */
async function resultOf(job: BenchJob, options: RunTaskOptions, end: JobEnd, startedAt: Date): Promise<TaskResult> {
  const parsed = end.state === "completed" ? TaskResultSchema.safeParse(end.output) : null;
  if (parsed?.success) return parsed.data;
  const error =
    end.state === "completed"
      ? `the worker returned no result: ${parsed?.error.issues[0]?.message}`
      : `the job ${end.state} after ${end.attempts} attempt(s): ${failureMessage(end.output)}`;
  return gradeRun(job, options, { status: "crashed", error, last: {}, startedAt });
}

/** pg-boss's failure payload as text. */
function failureMessage(output: unknown): string {
  const value = (output as { message?: unknown; value?: { message?: unknown } } | null) ?? {};
  const message = value.message ?? value.value?.message;
  return typeof message === "string" ? message : JSON.stringify(output);
}

/** A UUID derived from the bench (its output directory and start) and the job. */
export function jobId(benchId: string, job: BenchJob): string {
  const hex = createHash("sha256").update(`${benchId}\0${job.task.id}\0${job.mode}\0${job.seed}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
