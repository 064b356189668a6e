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
  /** Number of infinite values (inf, -inf) in the file. */
  infinite: z.number().int().default(0),
});
export type ColumnProfile = z.infer<typeof ColumnProfileSchema>;

/** How a data file is read: pandas' read_csv options (or Parquet), sniffed from the file. */
export const FileFormatSchema = z.object({
  /** "table" (delimited text, read with pd.read_csv) or "parquet" (pd.read_parquet). */
  kind: z.enum(["table", "parquet"]),
  /** Field delimiter. */
  delimiter: z.string(),
  /** Text encoding ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"). */
  encoding: z.string(),
  /** Decimal mark of numbers ("." or ","). */
  decimal: z.string(),
  /** Compression taken from the extension (gzip, bz2, xz, zip), or null. */
  compression: z.string().nullable(),
});
export type FileFormat = z.infer<typeof FileFormatSchema>;

/** The format of a plain UTF-8, comma-separated CSV file. */
export const PLAIN_CSV: FileFormat = { kind: "table", delimiter: ",", encoding: "utf-8", decimal: ".", compression: null };

/** Profile of one data file. */
export const FileProfileSchema = z.object({
  /** File name relative to the task directory. */
  name: z.string(),
  /** Number of data rows. */
  rows: z.number().int(),
  /** Size in bytes. */
  bytes: z.number().int(),
  /** Per-column profiles. */
  columns: z.array(ColumnProfileSchema),
  /** Rows the column profiles were computed from when the file was sampled (null: every row). */
  sampledRows: z.number().int().nullable().default(null),
  /** How the file is read. */
  format: FileFormatSchema.default(PLAIN_CSV),
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

/** One target column (single), several target columns (multi_target) or several labels per row (multi_label). */
export const TargetKindSchema = z.enum(["single", "multi_target", "multi_label"]);

/** Image files of an image task. */
export const ImageFactsSchema = z.object({
  /** Number of image files found (directories, zips and single files). */
  files: z.number().int(),
  /** Top-level directories holding images. */
  dirs: z.array(z.string()),
  /** The training column naming image files, if one does. */
  column: z.string().nullable(),
});

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
  /** Whether the test file has the id column (false: ids come from the sample submission, in row order). */
  idInTest: z.boolean().default(true),
  /** The submission's non-id columns. */
  targetColumns: z.array(z.string()),
  /** The target column in the training file. */
  labelColumn: z.string(),
  /** One target, several target columns, or several labels per row. */
  targetKind: TargetKindSchema.default("single"),
  /** The separator between the labels of one row (multi_label only). */
  labelSeparator: z.string().nullable().default(null),
  /** The only value of a constant target (every training row has it), else null. */
  constantTarget: z.string().nullable().default(null),
  /** Image files of the task (null when it has none). */
  images: ImageFactsSchema.nullable().default(null),
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
      /** Training rows per class, the 20 most common classes (classification), else null. */
      classCounts: z.record(z.string(), z.number().int()).nullable().default(null),
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
