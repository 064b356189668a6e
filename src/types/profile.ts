import { z } from "zod";

/** What a column is, as the profiler sees it. */
export const ColumnKindSchema = z.enum(["numeric", "categorical", "boolean", "text", "datetime", "id", "constant"]);
export type ColumnKind = z.infer<typeof ColumnKindSchema>;

/** Profile of one CSV column. */
export const ColumnProfileSchema = z.object({
  /** Column name as in the file. */
  name: z.string(),
  /** pandas dtype as read ("int64", "float64", "object", "bool"). */
  dtype: z.string(),
  /** What the column is: numeric, categorical, boolean, text (long free text), datetime, id, constant. */
  kind: ColumnKindSchema,
  /** Share of missing values, 0..1. */
  missingFraction: z.number(),
  /** Number of distinct non-missing values. */
  unique: z.number().int(),
  /** A few distinct sample values, as text. */
  samples: z.array(z.string()),
  /** Mean string length for object columns (null for others). */
  meanLength: z.number().nullable().default(null),
  /** Numeric summary (min, max, mean, skew) for numeric columns. */
  stats: z
    .object({ min: z.number().nullable(), max: z.number().nullable(), mean: z.number().nullable(), skew: z.number().nullable() })
    .nullable()
    .default(null),
});
export type ColumnProfile = z.infer<typeof ColumnProfileSchema>;

/** Profile of one CSV file. */
export const FileProfileSchema = z.object({
  /** File name relative to the task directory. */
  name: z.string(),
  /** Number of data rows. */
  rows: z.number().int(),
  /** Size in bytes. */
  bytes: z.number().int(),
  /** Per-column profiles. */
  columns: z.array(ColumnProfileSchema),
});

/** The ML task type. */
export const TaskTypeSchema = z.enum(["binary", "multiclass", "regression"]);
export type TaskType = z.infer<typeof TaskTypeSchema>;

/** Metric names the project knows (see src/tools/metric-inference.ts). */
export const MetricSchema = z.enum([
  "accuracy",
  "f1",
  "macro_f1",
  "micro_f1",
  "weighted_f1",
  "precision",
  "recall",
  "auc",
  "logloss",
  "rmse",
  "rmsle",
  "log_rmse",
  "mae",
  "mape",
  "r2",
]);
export type Metric = z.infer<typeof MetricSchema>;

/** The form the submission's target column(s) must take. */
export const SubmissionFormSchema = z.enum(["label", "probability", "class_probabilities", "value"]);
export type SubmissionForm = z.infer<typeof SubmissionFormSchema>;

/** Everything the prompts and the offline engine know about the data. */
export const DataProfileSchema = z.object({
  /** Every CSV of the task. */
  files: z.array(FileProfileSchema),
  /** The training file name. */
  trainFile: z.string(),
  /** The test file name (null when the task has none). */
  testFile: z.string().nullable(),
  /** The sample submission file name (null when absent). */
  sampleSubmissionFile: z.string().nullable(),
  /** The id column shared by test and sample submission (null when none). */
  idColumn: z.string().nullable(),
  /** The submission's non-id columns. */
  targetColumns: z.array(z.string()),
  /** The target column in the training file. */
  labelColumn: z.string(),
  /** Binary, multiclass or regression. */
  taskType: TaskTypeSchema,
  /** Class labels in sorted order, as text (classification only). */
  classes: z.array(z.string()).nullable(),
  /** The label the metric treats as positive (binary only, when known). */
  positiveClass: z.string().nullable(),
  /** The evaluation metric inferred from the description (null when none was found). */
  metric: MetricSchema.nullable(),
  /** Whether a higher metric value is better. */
  higherIsBetter: z.boolean(),
  /** Shape of the submission's target columns. */
  submissionForm: SubmissionFormSchema,
  /** Sample-submission values as written (e.g. "False"/"True", "0"/"1"), to copy their spelling. */
  submissionValueStyle: z.array(z.string()),
  /** Numeric target summary (regression/count targets). */
  target: z
    .object({
      /** Smallest target value. */
      min: z.number(),
      /** Largest target value. */
      max: z.number(),
      /** Skewness of the target. */
      skew: z.number(),
      /** All targets are non-negative integers. */
      isCount: z.boolean(),
      /** Class frequency of the rarest class divided by the most common (classification). */
      imbalance: z.number().nullable(),
    })
    .nullable(),
  /** A datetime column that orders the rows in time, when the data look time-ordered. */
  timeColumn: z.string().nullable(),
  /** Columns present in train but not in test (other than the label): leakage candidates. */
  trainOnlyColumns: z.array(z.string()),
  /** Plain-language findings the profiler wants every prompt to see. */
  notes: z.array(z.string()),
});
export type DataProfile = z.infer<typeof DataProfileSchema>;
