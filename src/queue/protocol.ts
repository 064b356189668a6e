import type { TaskResult } from "../bench/result.js";
import type { RunSummary } from "../graph/linguacodus/summary.js";
import type { ProgressEvent } from "../types/progress-events.js";
import type { WorkerPolicy } from "./handlers.js";

/** What a worker sends the job process it starts for one job. */
export interface JobRequest {
  /** The job id (checkpoint thread id). */
  jobId: string;
  /** The job's data, as fetched from the queue (validated in the job process). */
  data: unknown;
  /** The checkpoint database. */
  checkpointerUrl: string;
  /** The worker's policy. */
  policy: WorkerPolicy;
  /** When (epoch ms) the run must have ended (the job's start plus its task timeout). */
  deadline: number;
}

/** What a job process sends its worker. */
export type JobReply =
  | { /** A progress event of the run (stdout lines are not sent). */ type: "progress" /** The event. */; event: ProgressEvent }
  | { /** The job finished. */ type: "done" /** Its output. */; output: TaskResult | RunSummary }
  | { /** The job cannot run as asked (or its data is bad): fail it. */ type: "refused" /** Why. */; message: string };

/** Exit code of a job process whose checkpoint database went away: the worker runs the job again once it is back. */
export const EXIT_STORE_DOWN = 75;

/** Exit code of a job process whose worker went away. */
export const EXIT_ORPHANED = 70;
