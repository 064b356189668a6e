import { z } from "zod";
import { BenchModeSchema } from "../bench/result.js";
import { RunStatusSchema } from "../graph/linguacodus/state.js";
import { ProgressEventSchema } from "../types/progress-events.js";

/** A bench job: one task of a suite, in one mode and seed, run and graded by a worker. */
export const BenchJobDataSchema = z.object({
  /** Always "bench". */
  kind: z.literal("bench"),
  /** The suite task's directory (task.json, public/, private/), on storage every worker shares. */
  taskDir: z.string().min(1),
  /** The mode. */
  mode: BenchModeSchema,
  /** Repetition index. */
  seed: z.number().int().min(0),
  /** The bench output directory; the run directory is `<out>/runs/<task>/<mode>` (shared storage). */
  out: z.string().min(1),
  /** The run context as the bench built it (defaults filled). */
  context: z.record(z.string(), z.unknown()),
  /** Wall limit of the whole run in seconds. */
  taskTimeoutSeconds: z.number().positive(),
  /** The score of the task's sample submission. */
  floor: z.number().nullable(),
  /** The task's reference score. */
  reference: z.number().nullable(),
  /** The pg-boss queue the worker reports the run's progress to (null: none). */
  progressQueue: z.string().nullable(),
});
export type BenchJobData = z.infer<typeof BenchJobDataSchema>;

/** A solve job: the whole graph on one task directory, as `linguacodus solve` runs it. */
export const SolveJobDataSchema = z.object({
  /** Always "solve". */
  kind: z.literal("solve"),
  /** The task directory (shared storage). */
  taskDir: z.string().min(1),
  /** The run context (defaults filled); a null runDir means `<worker runs dir>/<job id>`. */
  context: z.record(z.string(), z.unknown()),
  /** Wall limit of the whole run in seconds. */
  taskTimeoutSeconds: z.number().positive(),
  /** The pg-boss queue the worker reports the run's progress to (null: none). */
  progressQueue: z.string().nullable(),
});
export type SolveJobData = z.infer<typeof SolveJobDataSchema>;

/** Any job of the solve queue. */
export const JobDataSchema = z.discriminatedUnion("kind", [BenchJobDataSchema, SolveJobDataSchema]);
export type JobData = z.infer<typeof JobDataSchema>;

/** What a finished solve job returns (the run summary). */
export const SolveOutputSchema = z.object({
  /** Final status. */
  status: RunStatusSchema,
  /** Engine that ran. */
  engine: z.string().optional(),
  /** Run directory. */
  runDir: z.string().optional(),
  /** Validated submission, if any. */
  submissionPath: z.string().nullable(),
  /** The task's metric. */
  metric: z.string().nullable(),
  /** Validation score the script reported. */
  validationScore: z.number().nullable(),
  /** Fix attempts used. */
  fixAttempts: z.number(),
  /** Script versions written. */
  codeVersions: z.number(),
  /** What ended a failed run. */
  error: z.string().nullable(),
  /** Model calls and tokens per role. */
  usage: z.record(z.string(), z.object({ calls: z.number(), inputTokens: z.number(), outputTokens: z.number() })),
});

/** What every progress message says: whose it is and where it comes in the order it was sent. */
const ProgressMessageShape = {
  /** The job it is about. */
  jobId: z.string(),
  /** The job's attempt (from 1). */
  attempt: z.number().int().positive(),
  /** Its place among the attempt's messages (from 0): a batch fetched from the queue comes back in no set order. */
  seq: z.number().int().min(0),
};

/** A progress message a worker sends to a job's progress queue: a worker took the job, or one of the run's progress events. */
export const ProgressMessageSchema = z.discriminatedUnion("event", [
  z.object({
    ...ProgressMessageShape,
    /** A worker took the job. */
    event: z.literal("started"),
  }),
  z.object({
    ...ProgressMessageShape,
    /** One of the run's progress events (stdout lines are not sent). */
    event: z.literal("progress"),
    /** The event, as the run wrote it. */
    progress: ProgressEventSchema,
  }),
]);
export type ProgressMessage = z.infer<typeof ProgressMessageSchema>;
