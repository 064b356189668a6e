import { execFile } from "node:child_process";
import { join } from "node:path";
import { PYTHON_DIR } from "../../package-paths.js";
import { z } from "zod";
import { DataProfileSchema, type DataProfile, type Metric, type TaskType } from "../../types/profile.js";
import type { Task } from "../../types/task.js";
import { higherIsBetter, inferMetric, LABEL_METRICS, REGRESSION_METRICS } from "./metric-inference.js";
import { TaskError } from "./load-task.js";

/** The profiler script shipped with the project. */
export const PROFILER_SCRIPT = join(PYTHON_DIR, "profile_data.py");

/** What profile_data.py prints. */
const RawProfileSchema = DataProfileSchema.pick({
  files: true,
  trainFile: true,
  testFile: true,
  sampleSubmissionFile: true,
  idColumn: true,
  idInTest: true,
  targetColumns: true,
  labelColumn: true,
  targetKind: true,
  labelSeparator: true,
  trainOnlyColumns: true,
}).extend({
  label: z.object({
    unique: z.number(),
    numeric: z.boolean(),
    integer: z.boolean(),
    missing: z.number(),
    infinite: z.number().default(0),
    valueCounts: z.record(z.string(), z.number()),
    classes: z.array(z.string()).nullable().default(null),
    min: z.number().nullable().optional(),
    max: z.number().nullable().optional(),
    skew: z.number().nullable().optional(),
    classColumns: z.array(z.string()).optional(),
  }),
  sampleValues: z.array(z.string()),
  sampleHasFractions: z.boolean().nullable(),
  images: z.object({ imageFiles: z.number(), imageDirs: z.array(z.string()), imageColumn: z.string().nullable() }),
});
type RawProfile = z.infer<typeof RawProfileSchema>;

/** Options of the profiler run. */
export interface ProfileOptions {
  /** Python interpreter with pandas (default /usr/bin/python3). */
  python: string;
  /** Time limit in seconds (default 300). */
  timeoutSeconds?: number;
  /** Where a plain UTF-8 comma-separated copy of a reference file in another format goes (see referencePath). */
  referenceDir?: string;
}

/** Runs the profiler on a loaded task and derives the typed DataProfile. */
export async function profileData(task: Task, options: ProfileOptions): Promise<DataProfile> {
  const raw = await runProfiler(task.dir, options);
  return buildProfile(raw, task.description);
}

function runProfiler(dir: string, options: ProfileOptions): Promise<RawProfile> {
  return new Promise((resolve, reject) => {
    execFile(
      options.python,
      [PROFILER_SCRIPT, dir, ...(options.referenceDir ? ["--reference-out", options.referenceDir] : [])],
      { timeout: (options.timeoutSeconds ?? 300) * 1000, maxBuffer: 64 * 1024 * 1024, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        const line = stdout.trim().split("\n").pop() ?? "";
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(line);
        } catch {
          parsed = null;
        }
        if (parsed && typeof parsed === "object" && "error" in parsed) {
          reject(new TaskError(String((parsed as { error: unknown }).error)));
          return;
        }
        if (error || parsed === null) {
          const why =
            (error as NodeJS.ErrnoException | null)?.code === "ENOENT"
              ? `Python interpreter not found: ${options.python} (set LINGUACODUS_PYTHON or --python)`
              : `profiler failed: ${stderr.trim().split("\n").slice(-3).join(" ") || error?.message}`;
          reject(new Error(why));
          return;
        }
        resolve(RawProfileSchema.parse(parsed));
      },
    );
  });
}

/** Combines the profiler's facts with the description into the typed profile. */
export function buildProfile(raw: RawProfile, description: string): DataProfile {
  const metric = inferMetric(description);
  const label = raw.label;
  const classColumns = label.classColumns ?? null;
  const taskType = inferTaskType(raw, metric);
  const single = raw.targetKind === "single";
  // every class (null when the label has too many distinct values to list: no class check then)
  const classes = taskType === "regression" || !single ? null : (label.classes?.slice().sort() ?? null);
  const counts = Object.values(label.valueCounts);
  const submissionForm = classColumns
    ? "class_probabilities"
    : taskType === "regression"
      ? "value"
      : metric === "auc" || metric === "logloss" || (metric === null && raw.sampleHasFractions)
        ? "probability"
        : "label";
  const train = raw.files.find((f) => f.name === raw.trainFile)!;
  const test = raw.files.find((f) => f.name === raw.testFile);
  const timeColumn =
    train.columns.find(
      (c) => c.kind === "datetime" && c.unique > 0.5 * train.rows && (!test || test.columns.some((t) => t.name === c.name)),
    )?.name ?? null;
  const isCount = label.numeric && label.integer && (label.min ?? -1) >= 0 && (label.max ?? Infinity) <= 100_000;
  const constantTarget = single && label.unique === 1 ? (Object.keys(label.valueCounts)[0] ?? null) : null;
  const images =
    raw.images.imageFiles > 0 ? { files: raw.images.imageFiles, dirs: raw.images.imageDirs, column: raw.images.imageColumn } : null;
  const notes = buildNotes(raw, metric, timeColumn, constantTarget);
  return DataProfileSchema.parse({
    files: raw.files,
    trainFile: raw.trainFile,
    testFile: raw.testFile,
    sampleSubmissionFile: raw.sampleSubmissionFile,
    idColumn: raw.idColumn,
    idInTest: raw.idInTest,
    targetColumns: raw.targetColumns,
    labelColumn: raw.labelColumn,
    targetKind: raw.targetKind,
    labelSeparator: raw.labelSeparator,
    constantTarget,
    images,
    taskType,
    classes,
    positiveClass: taskType === "binary" && classes ? inferPositiveClass(classes, description) : null,
    metric,
    higherIsBetter: higherIsBetter(metric),
    submissionForm,
    submissionValueStyle: raw.sampleValues,
    target:
      label.numeric || classes
        ? {
            min: label.min ?? 0,
            max: label.max ?? 0,
            skew: label.skew ?? 0,
            isCount: taskType === "regression" && isCount,
            imbalance: classes && counts.length > 1 ? Math.min(...counts) / Math.max(...counts) : null,
            classCounts: classes ? label.valueCounts : null,
          }
        : null,
    timeColumn,
    trainOnlyColumns: raw.trainOnlyColumns,
    notes,
  });
}

function inferTaskType(raw: RawProfile, metric: Metric | null): TaskType {
  const label = raw.label;
  if (label.classColumns) return label.classColumns.length === 2 ? "binary" : "multiclass";
  if (metric && REGRESSION_METRICS.has(metric)) return "regression";
  const classificationMetric = metric !== null && (LABEL_METRICS.has(metric) || metric === "auc" || metric === "logloss");
  if (!label.numeric || classificationMetric || (label.integer && label.unique <= 2)) {
    return label.unique <= 2 ? "binary" : "multiclass";
  }
  return "regression";
}

/** The positive class of a binary task: true/1/yes spellings, else one the description names, else the second. */
function inferPositiveClass(classes: string[], description: string): string {
  const truthy = classes.find((c) => ["1", "1.0", "true", "yes", "positive"].includes(c.toLowerCase()));
  if (truthy) return truthy;
  const named = classes.find((c) => new RegExp(`positive class[^.\\n]{0,40}\\b${escapeRegExp(c)}\\b`, "i").test(description));
  return named ?? classes[classes.length - 1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function buildNotes(raw: RawProfile, metric: Metric | null, timeColumn: string | null, constantTarget: string | null): string[] {
  const notes: string[] = [];
  const label = raw.label;
  if (metric === null) notes.push("No evaluation metric was recognised in the description; choose one that fits the task type.");
  if (constantTarget !== null) {
    notes.push(
      `The target ${raw.labelColumn} has one value (${constantTarget}) in every training row: nothing can be learned; predict ${constantTarget} for every test row.`,
    );
  }
  if (raw.targetKind === "multi_target") {
    notes.push(
      `The submission has ${raw.targetColumns.length} target columns (${raw.targetColumns.join(", ")}), each a column of ${raw.trainFile}: predict every one of them (multi-target).`,
    );
  }
  if (raw.targetKind === "multi_label") {
    notes.push(
      `The target ${raw.labelColumn} lists several labels per row, separated by ${JSON.stringify(raw.labelSeparator)} (multi-label): predict a set of labels per row, written the same way.`,
    );
  }
  if (raw.images.imageFiles > 0) {
    const where = raw.images.imageDirs.length ? ` (in ${raw.images.imageDirs.join(", ")})` : "";
    const column = raw.images.imageColumn ? `; column ${raw.images.imageColumn} names them` : "";
    notes.push(`The task has ${raw.images.imageFiles} image files${where}${column}: an image task.`);
  }
  if (raw.idColumn !== null && !raw.idInTest) {
    notes.push(
      `The test file has no ${raw.idColumn} column: take the ids from ${raw.sampleSubmissionFile ?? "the sample submission"}, in its row order (one row per test row).`,
    );
  }
  if (raw.trainOnlyColumns.length) {
    notes.push(
      `Columns only in the training file (${raw.trainOnlyColumns.join(", ")}) are unavailable at test time: using them as features leaks the target.`,
    );
  }
  if (label.missing > 0) notes.push(`The label column has ${label.missing} missing values: drop those rows for training.`);
  if (label.infinite > 0) notes.push(`The label column has ${label.infinite} infinite values: drop those rows for training.`);
  const train = raw.files.find((f) => f.name === raw.trainFile)!;
  for (const file of raw.files) {
    if (file.sampledRows !== null) {
      notes.push(`${file.name} has ${file.rows} rows; its columns were profiled from a uniform sample of ${file.sampledRows} rows.`);
    }
  }
  for (const column of train.columns) {
    if (column.missingFraction >= 0.4) notes.push(`Column ${column.name} is ${Math.round(column.missingFraction * 100)}% missing.`);
    if (column.kind === "text") notes.push(`Column ${column.name} is free text (mean length ${Math.round(column.meanLength ?? 0)}).`);
    if (column.kind === "categorical" && column.unique > 50)
      notes.push(`Column ${column.name} is a high-cardinality categorical (${column.unique} values).`);
    if (column.infinite > 0 && column.name !== raw.labelColumn) {
      notes.push(`Column ${column.name} holds ${column.infinite} infinite values (inf/-inf): treat them as missing.`);
    }
  }
  if (timeColumn) notes.push(`Rows are time-stamped by ${timeColumn}: validate on later periods, and derive calendar features.`);
  if (label.skew !== undefined && label.skew !== null && Math.abs(label.skew) > 1 && label.numeric && label.unique > 20) {
    notes.push(`The target is skewed (skew ${label.skew.toFixed(2)}).`);
  }
  return notes;
}
