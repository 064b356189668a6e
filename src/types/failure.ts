import { z } from "zod";

/** Why the latest attempt failed, as the fixer sees it. */
export const FailureSchema = z.object({
  /** One-line summary ("the script failed: exit code 1", "submission has 3 NaN values"). */
  summary: z.string(),
  /** Python traceback or validator findings. */
  error: z.string(),
  /** Tail of the script's stdout. */
  stdoutTail: z.string(),
});
export type Failure = z.infer<typeof FailureSchema>;

/** One failed attempt of a script and what the fix after it did: the fixer's history. */
export const FailedAttemptSchema = z.object({
  /** Execution attempt number (1 = the first run). */
  attempt: z.number().int().positive(),
  /** Script version that failed (code/solution.vN.py). */
  codeVersion: z.number().int().min(0),
  /** The failure's one-line summary. */
  summary: z.string(),
  /** Error class ("NameError", "limit:wall", "invalid-submission", "no-code"). */
  errorClass: z.string(),
  /** The decisive lines: the last frames in the script and the exception line, or the first findings. */
  decisive: z.string(),
  /** What identifies the error across attempts (class and message, numbers and paths kept). */
  signature: z.string(),
  /** What the fix after this attempt changed (a line diff summary), or null before it ran. */
  change: z.string().nullable(),
  /** True when the fix after it regenerated the script from the instruction instead of patching it. */
  escalated: z.boolean(),
});
export type FailedAttempt = z.infer<typeof FailedAttemptSchema>;
