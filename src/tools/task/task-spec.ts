import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** A class label as task.json writes it (its JSON type decides how submitted labels are read). */
export const ClassLabelSchema = z.union([z.string(), z.number(), z.boolean()]);
export type ClassLabel = z.infer<typeof ClassLabelSchema>;

/** The metrics a task.json may name: the suite's (tasks/README.md) and the rest the profiler infers (for holdouts). */
export const BENCH_METRICS = [
  "accuracy",
  "rmse",
  "rmsle",
  "mae",
  "auc",
  "logloss",
  "f1",
  "macro_f1",
  "micro_f1",
  "weighted_f1",
  "precision",
  "recall",
  "mape",
  "r2",
] as const;

/** A suite task's task.json: the fields grading needs (provenance fields are ignored). */
export const BenchTaskSpecSchema = z.object({
  /** Task id (= directory name). */
  id: z.string().min(1),
  /** Human-readable title. */
  name: z.string().optional(),
  /** binary, multiclass, regression, forecasting or text-classification. */
  task_type: z.string(),
  /** The metric. */
  metric: z.enum(BENCH_METRICS),
  /** Direction of the metric. */
  higher_is_better: z.boolean(),
  /** The id column of test.csv, sample_submission.csv and answers.csv. */
  id_column: z.string().min(1),
  /** The non-id columns of the submission. */
  target_columns: z.array(z.string().min(1)).min(1),
  /** Classification only: the allowed labels, in their JSON type. */
  classes: z.array(ClassLabelSchema).min(1).nullish(),
  /** auc / f1 / binary logloss: the positive class. */
  positive_class: ClassLabelSchema.nullish(),
  /** "log": the metric is computed on log(prediction) and log(truth). */
  metric_transform: z.literal("log").nullish(),
});
export type BenchTaskSpec = z.infer<typeof BenchTaskSpecSchema>;

/** Reads and validates `<taskDir>/task.json`; the message names the file and the bad fields. */
export async function readTaskSpec(taskDir: string): Promise<BenchTaskSpec> {
  const path = join(taskDir, "task.json");
  const text = await readFile(path, "utf8");
  const parsed = BenchTaskSpecSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}
