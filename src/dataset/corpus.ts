import { z } from "zod";

/** Ids of tasks and solutions name cache files, so they must be safe path segments. */
export const CorpusIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "ids use letters, digits, '.', '_' and '-' (at most 128, no leading '.')");

/** One solution of a corpus task. */
export const CorpusSolutionSchema = z.object({
  /** Solution id, unique within its task. */
  id: CorpusIdSchema,
  /** The solution's source code (Python). */
  code: z.string().min(1, "solution code is empty"),
  /** The solution's score on the task's metric; null when unknown (the solution cannot be ranked). */
  score: z.number().finite().nullable(),
  /** A reference instruction in the markdown form of renderInstructionMarkdown, usable without a model. */
  instruction: z.string().optional(),
});
export type CorpusSolution = z.infer<typeof CorpusSolutionSchema>;

/** One task of a corpus: what a JSONL line holds, and what a task folder is read into. */
export const CorpusTaskSchema = z
  .object({
    /** Task id, unique within the corpus. */
    id: CorpusIdSchema,
    /** The task description in natural language (markdown). */
    description: z.string().min(1, "description is empty"),
    /** The metric's name as the source gives it ("accuracy", "RMSE", "roc_auc", ...). */
    metric: z.string().min(1),
    /** The data type ("tabular", "text", "time_series", ...). */
    data_type: z.string().min(1),
    /** Whether a higher score is better; inferred from the metric name when absent. */
    higher_is_better: z.boolean().optional(),
    /** The task's solutions. */
    solutions: z.array(CorpusSolutionSchema),
  })
  .superRefine((task, ctx) => {
    const seen = new Set<string>();
    for (const [index, solution] of task.solutions.entries()) {
      if (seen.has(solution.id))
        ctx.addIssue({ code: "custom", path: ["solutions", index, "id"], message: `duplicate solution id "${solution.id}"` });
      seen.add(solution.id);
    }
  });
export type CorpusTask = z.infer<typeof CorpusTaskSchema>;

/** The task.json of a task folder in a directory corpus. */
export const TaskFileSchema = z.object({
  /** The task description (markdown). */
  description: z.string().min(1, "description is empty"),
  /** The metric's name. */
  metric: z.string().min(1),
  /** The data type. */
  data_type: z.string().min(1),
  /** Whether a higher score is better (optional). */
  higher_is_better: z.boolean().optional(),
});

/** The scores.json of a task folder: solution id → score (null when unknown). */
export const ScoresFileSchema = z.record(z.string(), z.number().finite().nullable());
