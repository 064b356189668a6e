/**
 * The live progress events a run writes to LangGraph's custom stream (streamMode "custom"), for
 * displays: the CLI, LangGraph server clients and a parent graph. Every event may carry the
 * validation run it belongs to (candidate, fold); events without one belong to the main graph or
 * the final run.
 */
import { z } from "zod";

/** Which validation run an event comes from; absent in the main graph and the final run. */
const ScopeShape = {
  /** The validation run's key ("candidate-2", "decision", "round-1"). */
  candidate: z.string().optional(),
  /** The holdout fold (1..) when the holdout has more than one. */
  fold: z.number().int().positive().optional(),
};

/** A node started. */
const NodeStartEventSchema = z.object({
  event: z.literal("node-start"),
  /** Node id. */
  node: z.string(),
  /** Fix attempts made so far. */
  fixAttempts: z.number().int().min(0),
  ...ScopeShape,
});

/** A node ended: ok, skipped (budget spent), interrupted (review), cancelled, or error. */
const NodeEndEventSchema = z.object({
  event: z.literal("node-end"),
  /** Node id. */
  node: z.string(),
  /** Wall time of the step, in milliseconds. */
  ms: z.number().min(0),
  /** How the step ended. */
  status: z.enum(["ok", "skipped", "interrupted", "cancelled", "error"]),
  ...ScopeShape,
});

/** A script execution started. */
const ExecStartEventSchema = z.object({
  event: z.literal("exec-start"),
  /** Attempt number (1 for the first run, then one more after each fix). */
  attempt: z.number().int().positive(),
  /** Version of the script run (code/solution.vN.py). */
  version: z.number().int().min(0),
  /** A validation run's script (on the fit rows) or the final run's. */
  kind: z.enum(["validation", "final"]),
  ...ScopeShape,
});

/** A script execution ended. */
const ExecEndEventSchema = z.object({
  event: z.literal("exec-end"),
  /** Attempt number. */
  attempt: z.number().int().positive(),
  /** Whether the script exited 0 without hitting a limit. */
  ok: z.boolean(),
  /** Exit code, or null when a signal ended it. */
  exitCode: z.number().int().nullable(),
  /** The limit that stopped it ("wall", "memory", …), or null. */
  limitHit: z.string().nullable(),
  /** The exception it died of, in one printable line (null when it succeeded). */
  errorLine: z.string().nullable(),
  /** The VALIDATION_SCORE the script printed about itself, or null. */
  reportedScore: z.number().nullable(),
  /** Execution wall time, in milliseconds. */
  ms: z.number().min(0),
  ...ScopeShape,
});

/** One line the script printed on stdout, while it runs (printable, cut to a bounded length; a flood is capped). */
const StdoutEventSchema = z.object({
  event: z.literal("stdout"),
  /** Attempt number. */
  attempt: z.number().int().positive(),
  /** The line, without its newline. */
  line: z.string(),
  ...ScopeShape,
});

/** A validation run ended, with the harness's holdout score. */
const ValidationEventSchema = z.object({
  event: z.literal("validation"),
  /** The run's key ("candidate-2", "decision", "round-1"). */
  key: z.string(),
  /** Candidate rank, or null. */
  rank: z.number().int().nullable(),
  /** The harness's holdout score. */
  holdoutScore: z.number().nullable(),
  /** The script's own claim. */
  reportedScore: z.number().nullable(),
  /** Why it failed, or null. */
  failure: z.string().nullable(),
  /** Wall time of the validation run, in milliseconds. */
  ms: z.number().min(0),
});

/** One validation run's place in the standings, as select sees them (one event per run each time select runs, best first). */
const CandidateScoreEventSchema = z.object({
  event: z.literal("candidate-score"),
  /** The run's key ("candidate-2", "decision", "round-1"). */
  key: z.string(),
  /** The instructor's rank of the candidate (the Decider's chosen rank for a decision), or null. */
  rank: z.number().int().nullable(),
  /** The instruction's title. */
  title: z.string(),
  /** The harness's holdout score, or null when the run failed. */
  holdoutScore: z.number().nullable(),
  /** The script's own claim. */
  reportedScore: z.number().nullable(),
  /** Place in the standings by holdout score (1 = best), or null for a run without a score. */
  position: z.number().int().positive().nullable(),
});

/** An improvement round's proposal: the change its validation run will try. */
const ImprovementEventSchema = z.object({
  event: z.literal("improvement"),
  /** The round (1, 2, ...). */
  round: z.number().int().positive(),
  /** The change, in one sentence. */
  change: z.string(),
  /** Key of the validation run it improves on. */
  parent: z.string(),
});

/** Any progress event. */
export const ProgressEventSchema = z.discriminatedUnion("event", [
  NodeStartEventSchema,
  NodeEndEventSchema,
  ExecStartEventSchema,
  ExecEndEventSchema,
  StdoutEventSchema,
  ValidationEventSchema,
  CandidateScoreEventSchema,
  ImprovementEventSchema,
]);
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

/** A custom-stream chunk as a progress event, or null when it is something else. */
export function parseProgressEvent(chunk: unknown): ProgressEvent | null {
  const parsed = ProgressEventSchema.safeParse(chunk);
  return parsed.success ? parsed.data : null;
}
