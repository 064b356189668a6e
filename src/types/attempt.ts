import { z } from "zod";
import { ExecResultSchema } from "../tools/sandbox/executor-types.js";
import { FailureSchema } from "./failure.js";
import { ScriptMetricsSchema } from "./script-metrics.js";

/** The submission check of one attempt. */
export const CheckResultSchema = z.object({
  /** Whether the submission exists and matches the sample submission. */
  ok: z.boolean(),
  /** What is wrong, in sentences the fixer can act on. */
  problems: z.array(z.string()),
  /** The attempt's reported score: the validation score the script printed (VALIDATION_SCORE line), if any. */
  validationScore: z.number().nullable(),
  /** The script's metrics.json of a passing attempt (each model's own validation score, the blend weights): its claim, read as untrusted input. */
  metrics: ScriptMetricsSchema.nullable().optional(),
  /** Why a passing attempt has no metrics (no file, not a regular file, too big, bad JSON or shape), else null. */
  metricsNote: z.string().nullable().optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** One fixer call: what it changed, and whether it was told to regenerate the script. */
export const FixSchema = z.object({
  /** What the fix changed (a line diff summary), or why nothing ("none: the fixer's reply held no code", "no fix available"). */
  change: z.string(),
  /** True when the same error came twice in a row, so the script was regenerated from the instruction instead of patched. */
  escalated: z.boolean(),
});

/** A fixer call on an attempt's failure that wrote no script (it still counts as a fix attempt). */
export const FixWithoutCodeSchema = FixSchema.extend({
  /** Why the fixer's reply held no code (the next fixer call sees it with the failure), or null when the engine knew no fix. */
  noCode: z.string().nullable(),
});
export type FixWithoutCode = z.infer<typeof FixWithoutCodeSchema>;

/** An execution's result as an attempt keeps it: every field required (its input type is its output type, as the state's channels need). */
const AttemptExecutionSchema = ExecResultSchema.extend({
  /** Protections this platform could not give the run, one sentence each (empty: none missing). */
  gaps: z.array(z.string()),
});

/** What wrote a script version. */
export const AttemptOriginSchema = z.enum(["blocks", "vanilla", "fix", "seed"]);

/**
 * One version of the script and what became of it: written, executed in its work directory,
 * checked. A run (and a validation run) keeps one record per version, keyed by the version.
 */
export const AttemptSchema = z.object({
  /** Script version, the record's key: code/solution.vN.py. */
  version: z.number().int().positive(),
  /** Absolute path of the script. */
  codePath: z.string(),
  /** What wrote it: integrate (the four blocks), the vanilla coder, a fix, or a seed (a finished script run as it is). */
  origin: AttemptOriginSchema,
  /** The fix that wrote this version (origin "fix"), else null. */
  fix: FixSchema.nullable(),
  /** Fixer calls on this version's failure that wrote no script, oldest first. */
  fixesWithoutCode: z.array(FixWithoutCodeSchema),
  /** Absolute path of the work directory its execution ran in (exec/attempt-N), or null before it ran. */
  workDir: z.string().nullable(),
  /** Its execution's result, or null before it ran (and for a version that never runs: no code). */
  execution: AttemptExecutionSchema.nullable(),
  /** Its submission check (with the score the script reported), or null before the check. */
  check: CheckResultSchema.nullable(),
  /** Why it failed (no code, the script, or its submission), or null. */
  failure: FailureSchema.nullable(),
  /** The harness's holdout score of this version where one graded it (a validation run's final version), else null. */
  holdoutScore: z.number().nullable(),
  /** When the version was written (epoch ms). */
  startedAt: z.number(),
  /** When its check ended, or its failure was known without running it (epoch ms); null while it is open. */
  endedAt: z.number().nullable(),
});
export type Attempt = z.infer<typeof AttemptSchema>;
