import { z } from "zod";
import { InstructionSchema } from "./instruction.js";
import { AttemptSchema } from "./attempt.js";

/** Where a validated solution came from. */
export const TrialSourceSchema = z.enum(["candidate", "decision", "improvement"]);

/** What a validation run is asked to implement (the Send payload of the validate node). */
export const TrialSpecSchema = z.object({
  /** Unique key of the run in this search ("candidate-2", "decision", "round-3"); its folder under trials/. */
  key: z.string().regex(/^[a-z0-9-]+$/),
  /** Candidate, the Decider's instruction, or an improvement round. */
  source: TrialSourceSchema,
  /** Candidate rank (the Decider's chosen rank for a decision; null for an improvement). */
  rank: z.number().int().nullable(),
  /** 0 for the selection; 1.. for improvement rounds. */
  round: z.number().int().min(0),
  /** The instruction's title. */
  title: z.string(),
  /** The instruction the coder implements. */
  instruction: InstructionSchema,
  /** The change an improvement round makes, in one sentence (null otherwise). */
  change: z.string().nullable(),
  /** Key of the solution an improvement starts from (null otherwise). */
  parent: z.string().nullable(),
});
export type TrialSpec = z.infer<typeof TrialSpecSchema>;

/** One validation run of a solution: implemented, executed on the fit rows, scored by the harness on the holdout. */
export const TrialSchema = TrialSpecSchema.extend({
  /** The trial's own run directory (trials/<key>). */
  dir: z.string(),
  /** The first fold's script versions, oldest first (the fix loop runs there; later folds run its final version unchanged). */
  attempts: z.array(AttemptSchema),
  /** Whether every fold's script ran and wrote a valid submission. */
  ok: z.boolean(),
  /** Mean harness score on the holdout folds (null when a fold has no valid submission). */
  holdoutScore: z.number().nullable(),
  /** Harness score per fold. */
  foldScores: z.array(z.number().nullable()),
  /** The score the script printed about itself (VALIDATION_SCORE); decides nothing. */
  reportedScore: z.number().nullable(),
  /** What is wrong with the printed claim (missing, NaN, infinite, out of the metric's range), or null. */
  reportedNote: z.string().nullable(),
  /** Why the run failed (null when it succeeded). */
  failure: z.string().nullable(),
  /** Execution time of each fold's last run (the final script), summed over the folds, in ms. */
  execMs: z.number().min(0),
  /** Wall time of the whole validation run, in ms. */
  durationMs: z.number().min(0),
});
export type Trial = z.infer<typeof TrialSchema>;
