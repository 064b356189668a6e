/**
 * The trusted holdout: before any code runs, the harness splits the training file into fit and
 * holdout parts (python/holdout_split.py). A validation run of a script gets a split's public/
 * folder as its task (the fit rows as the training file, the holdout rows' features as the test
 * file); the holdout labels stay in the split's private/ folder, outside every sandbox, and the
 * harness grades the run's submission against them with the project's own metric library.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { PYTHON_DIR } from "../../package-paths.js";
import type { DataProfile } from "../../types/profile.js";
import type { Task } from "../../types/task.js";
import { writeFile, mkdir } from "node:fs/promises";
import { gradeSubmission, type Grade } from "./grade.js";

/** The split script. */
const SPLIT_SCRIPT = join(PYTHON_DIR, "holdout_split.py");

/** One split of the training rows. */
export const HoldoutSplitSchema = z.object({
  /** The split's folder: public/ (what a validation run sees), private/answers.csv and task.json (what grades it). */
  dir: z.string(),
  /** Rows the script fits on. */
  fitRows: z.number().int(),
  /** Rows it is scored on. */
  holdoutRows: z.number().int(),
});

/** How the training rows were split (plan.json). */
export const HoldoutPlanSchema = z.object({
  /** holdout, stratified-holdout, kfold, stratified-kfold (small tables) or time (latest rows held out). */
  kind: z.string(),
  /** The seed of the split. */
  seed: z.number().int(),
  /** Training rows. */
  rows: z.number().int(),
  /** Fraction held out by a single holdout. */
  fraction: z.number(),
  /** The splits: one, or one per fold. */
  splits: z.array(HoldoutSplitSchema).min(1),
  /** The metric the harness scores with (the description's, else the task type's default). */
  metric: z.string(),
  /** Whether a higher holdout score is better. */
  higherIsBetter: z.boolean(),
});
export type HoldoutPlan = z.infer<typeof HoldoutPlanSchema>;

/** The metric a holdout scores with when the description names none, and its direction. */
function defaultMetric(profile: DataProfile): { metric: string; higherIsBetter: boolean } {
  if (profile.taskType === "regression") return { metric: "rmse", higherIsBetter: false };
  if (profile.submissionForm === "class_probabilities") return { metric: "logloss", higherIsBetter: false };
  if (profile.submissionForm === "probability") return { metric: "auc", higherIsBetter: true };
  return { metric: "accuracy", higherIsBetter: true };
}

/** Options of a split. */
export interface HoldoutOptions {
  /** Interpreter that runs the split script. */
  python: string;
  /** Seed of the split. */
  seed?: number;
}

/** Splits the task's training file under `outDir` and returns the plan; the task must have a test file and a sample submission. */
export async function makeHoldout(task: Task, profile: DataProfile, outDir: string, options: HoldoutOptions): Promise<HoldoutPlan> {
  if (!profile.testFile || !profile.sampleSubmissionFile || !profile.idColumn) {
    throw new Error("a holdout needs a test file, a sample submission and an id column");
  }
  await mkdir(outDir, { recursive: true });
  const scoring = profile.metric ? { metric: profile.metric, higherIsBetter: profile.higherIsBetter } : defaultMetric(profile);
  const spec = {
    trainFile: profile.trainFile,
    testFile: profile.testFile,
    sampleSubmissionFile: profile.sampleSubmissionFile,
    idColumn: profile.idColumn,
    labelColumn: profile.labelColumn,
    targetColumns: profile.targetColumns,
    submissionForm: profile.submissionForm,
    classes: profile.classes,
    positiveClass: profile.positiveClass,
    timeColumn: profile.timeColumn,
    taskType: profile.taskType,
    metric: scoring.metric,
    defaultMetric: scoring.metric,
    higherIsBetter: scoring.higherIsBetter,
    seed: options.seed ?? 0,
  };
  const specPath = join(outDir, "spec.json");
  await writeFile(specPath, JSON.stringify(spec, null, 2));
  const { stdout } = await promisify(execFile)(options.python, [SPLIT_SCRIPT, task.dir, join(outDir, "splits"), specPath], {
    maxBuffer: 1 << 24,
  });
  return HoldoutPlanSchema.parse({ ...JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}"), ...scoring });
}

/** The holdout score of a solution: its grade on every split, and their mean when all are valid. */
export interface HoldoutScore {
  /** Mean score over the splits; null when any split's submission is invalid. */
  score: number | null;
  /** Grade per split. */
  grades: Grade[];
}

/** Grades one submission per split (in the plan's order) against the held-out labels. */
export async function scoreHoldout(plan: HoldoutPlan, submissions: string[]): Promise<HoldoutScore> {
  const grades = await Promise.all(plan.splits.map((split, i) => gradeSubmission(split.dir, submissions[i])));
  const valid = grades.every((g) => g.valid && g.score !== null);
  return { score: valid ? grades.reduce((sum, g) => sum + (g.score ?? 0), 0) / grades.length : null, grades };
}
