import { randomUUID } from "node:crypto";
import type { Context } from "../graph/linguacodus/context.js";
import { summarise, type RunSummary } from "../graph/linguacodus/summary.js";
import type { Queue } from "./boss.js";
import type { JobFollower, JobWatch } from "./follower.js";
import { SolveOutputSchema, type SolveJobData } from "./jobs.js";
import { SOLVE_QUEUE, solveJobOptions } from "./policy.js";

/** A solve job that was sent. */
export interface SentSolve {
  /** Its id (the checkpoint thread and, without --out, the run directory's name). */
  id: string;
  /** Resolves to the run summary when the job ends (a job the queue gave up on ends failed, saying why). */
  summary: Promise<RunSummary>;
}

/** Sends one solve job and follows it to its summary. */
export async function sendSolve(
  boss: Queue,
  follower: JobFollower,
  job: { taskDir: string; context: Context; taskTimeoutSeconds: number },
  watch: JobWatch,
): Promise<SentSolve> {
  const id = randomUUID();
  const data: SolveJobData = { kind: "solve", ...job, progressQueue: follower.progressQueue };
  await boss.send(SOLVE_QUEUE, data, solveJobOptions(id));
  const summary = follower.follow(id, watch).then((end): RunSummary => {
    const parsed = end.state === "completed" ? SolveOutputSchema.safeParse(end.output) : null;
    if (parsed?.success) return parsed.data as RunSummary;
    const message = (end.output as { message?: unknown } | null)?.message;
    const why = parsed
      ? `the worker returned no summary: ${parsed.error.issues[0]?.message}`
      : typeof message === "string"
        ? message
        : JSON.stringify(end.output);
    return summarise(
      { runDir: job.context.runDir ?? undefined, error: `the job ${end.state} after ${end.attempts} attempt(s): ${why}` },
      "failed",
    );
  });
  return { id, summary };
}
