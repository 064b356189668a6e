import { z } from "zod";

/**
 * How a bench run solves a task: the full graph in the paper's flow (pipeline), the full graph with
 * measured selection on the holdout and the context's improvement rounds (measured), or the codegen
 * graph without an instruction (the paper's vanilla baseline).
 */
export const BenchModeSchema = z.enum(["pipeline", "measured", "vanilla"]);
export type BenchMode = z.infer<typeof BenchModeSchema>;

/** How one task's run ended: the graph's own statuses, or it threw (crashed), or ran past its time (timeout). */
export const TaskStatusSchema = z.enum(["succeeded", "failed", "budget_exhausted", "crashed", "timeout"]);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** Stages the bench times, from the run's events.jsonl (wall time: overlapping steps count once). */
export const STAGES = ["prepare", "instructions", "codegen", "execute", "check", "fix", "other"] as const;
export type Stage = (typeof STAGES)[number];

/** Seconds per stage plus the whole run's wall time. */
export const StageSecondsSchema = z.object({
  /** load-task, profile-data. */
  prepare: z.number(),
  /** rank-instructions, research, decide, review. */
  instructions: z.number(),
  /** code-* blocks (or code-vanilla) and integrate. */
  codegen: z.number(),
  /** Script executions. */
  execute: z.number(),
  /** Submission checks. */
  check: z.number(),
  /** Fix steps. */
  fix: z.number(),
  /** Everything else (report). */
  other: z.number(),
  /** Wall time of the whole run, grading excluded. */
  total: z.number(),
});

/** Model calls and tokens of one role. */
export const RoleUsageSchema = z.object({
  /** Calls made. */
  calls: z.number().int(),
  /** Prompt tokens. */
  inputTokens: z.number().int(),
  /** Completion tokens. */
  outputTokens: z.number().int(),
  /** Cost of the calls when every model's price is known, else null (absent in older results). */
  cost: z.number().nullable().optional(),
});
export type RoleUsage = z.infer<typeof RoleUsageSchema>;

/** The result of one task in one mode: one row of results.json / results.csv. */
export const TaskResultSchema = z.object({
  /** Task id. */
  task: z.string(),
  /** Mode it ran in. */
  mode: BenchModeSchema,
  /** Repetition index of the task and mode (0: the first; results.json files without it hold seed 0 only). */
  seed: z.number().int().min(0).default(0),
  /** How the run ended. */
  status: TaskStatusSchema,
  /** Whether the graded submission is valid. */
  valid: z.boolean(),
  /** The test-set score (null: no valid submission). */
  score: z.number().nullable(),
  /** The task's metric. */
  metric: z.string(),
  /** Direction of the metric. */
  direction: z.enum(["higher", "lower"]),
  /** Score of the task's constant sample_submission.csv (null when it cannot be graded). */
  floor: z.number().nullable(),
  /** The generic-baseline score, where known (reference-scores.ts). */
  reference: z.number().nullable(),
  /** (score − floor) / (reference − floor): 0 = constant floor, 1 = generic baseline; an invalid submission counts 0; null without a reference. */
  normalised: z.number().nullable(),
  /** The validation score the solution printed, if any. */
  validationScore: z.number().nullable(),
  /** Why the submission is invalid (grader's reasons, or why none was graded). */
  invalidReason: z.string().nullable(),
  /** What ended a failed, crashed or timed-out run. */
  error: z.string().nullable(),
  /** Which engine ran ("model" or "offline"); null when the run ended before choosing. */
  engine: z.string().nullable(),
  /** Fix attempts made. */
  fixAttempts: z.number().int(),
  /** Seconds per stage and in total. */
  seconds: StageSecondsSchema,
  /** Model calls and tokens per role. */
  usage: z.record(z.string(), RoleUsageSchema),
  /** The run directory. */
  runDir: z.string(),
  /** ISO time the run started. */
  startedAt: z.string(),
  /** ISO time the result was recorded. */
  finishedAt: z.string(),
});
export type TaskResult = z.infer<typeof TaskResultSchema>;

/** Totals of one mode over its finished tasks. */
export const ModeTotalsSchema = z.object({
  /** The mode. */
  mode: BenchModeSchema,
  /** Tasks finished. */
  tasks: z.number().int(),
  /** Tasks with a valid submission. */
  valid: z.number().int(),
  /** valid / tasks. */
  validRate: z.number(),
  /** Mean normalised score over the tasks that have a reference (invalid = 0); null when none has. */
  meanNormalised: z.number().nullable(),
  /** Tasks counted in meanNormalised. */
  normalisedTasks: z.number().int(),
  /** Median total seconds per task. */
  medianSeconds: z.number().nullable(),
  /** Model calls over all tasks. */
  modelCalls: z.number().int(),
  /** Prompt plus completion tokens over all tasks. */
  tokens: z.number().int(),
  /** Cost of every model call over all tasks; null when some price is unknown or no call was made. */
  cost: z.number().nullable().optional(),
  /** Fix attempts over all tasks. */
  fixAttempts: z.number().int(),
});
export type ModeTotals = z.infer<typeof ModeTotalsSchema>;

/** results.json: the run's settings, every finished task and the totals per mode. */
export const BenchResultsSchema = z.object({
  /** Format version. */
  version: z.literal(1),
  /** Absolute suite directory. */
  suite: z.string(),
  /** Settings the bench ran with (engine, modes, concurrency, limits). */
  settings: z.record(z.string(), z.unknown()),
  /** ISO time the first bench run in this directory started. */
  startedAt: z.string(),
  /** ISO time of the last update. */
  updatedAt: z.string(),
  /** One entry per finished task and mode. */
  results: z.array(TaskResultSchema),
  /** Totals per mode. */
  totals: z.array(ModeTotalsSchema),
});
export type BenchResults = z.infer<typeof BenchResultsSchema>;
