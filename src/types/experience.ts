import { z } from "zod";
import { InstructionSchema } from "./instruction.js";
import { SubmissionFormSchema, TaskTypeSchema } from "./profile.js";

/** Experience memory of a run: recall and record (on), recall only (read-only), or neither (off). */
export const ExperienceModeSchema = z.enum(["on", "off", "read-only"]);
export type ExperienceMode = z.infer<typeof ExperienceModeSchema>;

/** What kind of task an experience came from: its shape, never its values. */
export const ProfileSummarySchema = z.object({
  /** Binary, multiclass or regression (null when the source does not say, as in a corpus). */
  taskType: TaskTypeSchema.nullable(),
  /** The metric's name (null when unknown). */
  metric: z.string().nullable(),
  /** Whether a higher metric value is better. */
  higherIsBetter: z.boolean(),
  /** Data type as the instruction corpus names it: tabular, text, time_series. */
  dataType: z.string(),
  /** Training columns per kind (numeric, categorical, text, ...), the label excluded. */
  dataKinds: z.record(z.string(), z.number().int().min(0)),
  /** Names of the training columns (the header, never a value), at most 40. */
  columns: z.array(z.string()),
  /** Training rows (null when unknown). */
  rows: z.number().int().min(0).nullable(),
  /** Number of classes (classification only, else null). */
  classes: z.number().int().min(0).nullable(),
  /** Form of the submission's target columns (null when unknown). */
  submissionForm: SubmissionFormSchema.nullable(),
});
export type ProfileSummary = z.infer<typeof ProfileSummarySchema>;

/** How an experience's instruction did. */
export const ExperienceOutcomeSchema = z.object({
  /** How the run ended ("succeeded" for a scored corpus solution). */
  status: z.enum(["succeeded", "failed", "budget_exhausted"]),
  /** Holdout (validation) score the solution reported, or the corpus solution's score; null when none. */
  score: z.number().finite().nullable(),
  /** Holdout score of the plain reference (the vanilla baseline) on the same task, when known. */
  referenceScore: z.number().finite().nullable(),
  /** (score − reference) / |reference|, signed so that positive is better; null when either is unknown or, on time-ordered data, they are not comparable. */
  relativeScore: z.number().finite().nullable(),
  /** Place among the corpus task's ranked solutions (dataset records only). */
  rank: z.object({ place: z.number().int().min(1), of: z.number().int().min(1) }).nullable(),
});

/** One experience: a finished run or an extracted corpus solution, as the store keeps it. */
export const ExperienceRecordSchema = z.object({
  /** Record format version. */
  version: z.literal(1),
  /** "run" (a pipeline run), "reference" (a plain-reference run: the vanilla baseline) or "dataset" (dataset extract). */
  source: z.enum(["run", "reference", "dataset"]),
  /** When it was recorded (ISO time). */
  recordedAt: z.string(),
  /** Identity of the task (description and data shape): links a run with its plain reference. */
  taskKey: z.string().min(1),
  /** The task, as a digest. */
  task: z.object({
    /** The task's title. */
    title: z.string(),
    /** SHA-256 of the whole description. */
    descriptionSha256: z.string(),
    /** The description's prose, condensed: code, tables and CSV-like lines removed, at most DIGEST_CHARS. */
    digest: z.string(),
  }),
  /** What kind of data the task has. */
  profile: ProfileSummarySchema,
  /** The engine that ran (null for dataset records). */
  engine: z.enum(["model", "offline"]).nullable(),
  /** The final instruction (null for a plain-reference run that had none). */
  instruction: InstructionSchema.nullable(),
  /** How it scored. */
  outcome: ExperienceOutcomeSchema,
  /** Wall time of the run in seconds (null when unknown). */
  seconds: z.number().min(0).nullable(),
  /** Model calls and tokens the run spent. */
  usage: z.object({
    /** Model calls. */
    calls: z.number().int().min(0),
    /** Prompt tokens. */
    inputTokens: z.number().int().min(0),
    /** Completion tokens. */
    outputTokens: z.number().int().min(0),
  }),
  /** Where it came from: the run (id, directory) or the corpus (task and solution ids). */
  origin: z.object({
    /** Run id. */
    runId: z.string().optional(),
    /** Run directory. */
    runDir: z.string().optional(),
    /** Corpus task id. */
    corpusTask: z.string().optional(),
    /** Corpus solution id. */
    solution: z.string().optional(),
  }),
});
export type ExperienceRecord = z.infer<typeof ExperienceRecordSchema>;

/** An experience retrieved for a new task, with its similarity to it. */
export const ExperienceExampleSchema = z.object({
  /** The record's key in the store. */
  key: z.string(),
  /** BM25 similarity to the new task, scaled so the closest retrieved record has 1. */
  similarity: z.number().min(0).max(1),
  /** The record. */
  record: ExperienceRecordSchema,
});
export type ExperienceExample = z.infer<typeof ExperienceExampleSchema>;

/** What recall-experience found before the instructor wrote candidates (the experience.json artifact). */
export const RecalledExperienceSchema = z.object({
  /** The run's experience mode. */
  mode: ExperienceModeSchema,
  /** The closest experiences, closest first. */
  examples: z.array(ExperienceExampleSchema),
  /** Records searched. */
  searched: z.number().int().min(0),
  /** Records skipped because they did not parse (written by something else, or an older format). */
  invalid: z.number().int().min(0),
  /** Why nothing could be recalled (no store, the store failed), or null. */
  problem: z.string().nullable(),
});
export type RecalledExperience = z.infer<typeof RecalledExperienceSchema>;
