import { z } from "zod";
import { names } from "../details.js";
import { fileFormats, inputPath } from "../file-formats.js";
import { scoringMetric } from "../metric.js";
import { defineOp } from "../op-spec.js";

/** Starts the wall-clock budget and prints the plan's estimate; the plan fitter fills its parameters. */
export const planBudget = defineOp({
  op: "plan_budget",
  section: "preprocessing",
  phase: -1,
  tag: "Environment",
  library: "python",
  text: "Start the wall-clock budget (the plan's target, and the hard limit the guards keep) and print the plan's cost estimate and what was cut to fit before anything runs.",
  needs: [],
  params: z
    .object({
      seconds: z.number().positive().default(150),
      limit: z.number().positive().nullable().default(null),
      estimate: z.number().min(0).default(0),
      parts: z.record(z.string(), z.number()).default({}),
      cuts: z.array(z.string()).default([]),
      threads: z.number().int().positive().default(1),
    })
    .strict(),
});

/** Prints the wall time the script took next to the estimate. */
export const reportActual = defineOp({
  op: "report_actual",
  section: "submission",
  phase: 9,
  tag: "Environment",
  library: "python",
  text: "Print the wall time actually taken next to the plan's estimate.",
  needs: [],
  params: z.object({}).strict(),
});

/** Reads the task files and builds the typed feature table from the profile's column kinds. */
export const loadData = defineOp({
  op: "load_data",
  section: "preprocessing",
  phase: 0,
  tag: "Data_Extraction",
  library: "pandas",
  text: "Load the training, test and sample-submission files in their sniffed formats and group the columns by kind (numeric, categorical, text, datetime).",
  needs: [],
  detail: (f) =>
    `${f.trainRows} training rows; ${f.columns.numeric.length} numeric, ${f.columns.categorical.length + f.columns.highCardinality.length} categorical, ${f.columns.text.length} text and ${f.columns.datetime.length} datetime feature columns`,
  params: z
    .object({
      quick_rows: z.number().int().positive().default(3000),
      max_rows: z.number().int().positive().nullable().default(null),
    })
    .strict(),
  call(ctx, params) {
    const p = ctx.facts.profile;
    const c = ctx.facts.columns;
    if (!p.testFile) throw new Error("the offline coder needs a test file to predict on; the profile found none");
    const formats = fileFormats(p, [p.trainFile, p.testFile, p.sampleSubmissionFile]);
    return {
      train_path: inputPath(p.trainFile),
      test_path: inputPath(p.testFile),
      sample_path: p.sampleSubmissionFile ? inputPath(p.sampleSubmissionFile) : null,
      ...(Object.keys(formats).length ? { formats } : {}),
      id_col: p.idColumn,
      label: p.labelColumn,
      target_cols: p.targetColumns,
      classification: p.taskType !== "regression",
      numeric: c.numeric,
      categorical: c.categorical,
      high_cardinality: c.highCardinality,
      text: c.text,
      datetime: c.datetime,
      quick: ctx.quick,
      ...params,
      ...(params.max_rows === null ? {} : { train_rows: ctx.facts.trainRows }),
    };
  },
});

/** Encodes class labels as 0..K-1 (classification) or reads the numeric target (regression). */
export const encodeTarget = defineOp({
  op: "encode_target",
  section: "preprocessing",
  phase: 1,
  tag: "Data_Transform",
  library: "pandas",
  text: "Encode the target: class labels as integers in sorted order (kept as text for the submission), or the numeric target as floats.",
  needs: [],
  detail: (f) => (f.profile.classes ? `${f.profile.labelColumn} with classes ${names(f.profile.classes)}` : f.profile.labelColumn),
  params: z.object({}).strict(),
  call: (ctx) => ({ positive: ctx.facts.profile.positiveClass }),
});

/** Trains on log1p of a non-negative target (log metrics, skewed or count targets). */
export const targetTransform = defineOp({
  op: "target_transform",
  section: "preprocessing",
  phase: 2,
  tag: "Data_Transform",
  library: "numpy",
  text: "Train on log1p of the target (the metric compares logarithms, or the target is skewed), and map predictions back with expm1.",
  needs: ["regression", "nonNegativeTarget"],
  detail: (f) => `${f.profile.labelColumn}, skew ${(f.profile.target?.skew ?? 0).toFixed(2)}`,
  params: z.object({ kind: z.enum(["log1p"]).default("log1p") }).strict(),
});

/** The task's metric as the score every validation step uses. */
export const setMetric = defineOp({
  op: "set_metric",
  section: "preprocessing",
  phase: 3,
  tag: "Model_Evaluation",
  library: "scikit-learn",
  text: "Score with the task's own metric, on probabilities or on the target's own scale.",
  needs: [],
  detail: (f) => scoringMetric(f.profile),
  params: z.object({}).strict(),
  call: (ctx) => ({ metric: scoringMetric(ctx.facts.profile) }),
});

/** Removes id, train-only, constant and test-blank columns from every feature list. */
export const dropLeakage = defineOp({
  op: "drop_leakage",
  section: "preprocessing",
  phase: 4,
  tag: "Data_Transform",
  library: "pandas",
  text: "Drop the id column, columns that exist only in the training file (they leak the target), constant columns and columns left blank in the test rows from the features.",
  needs: [],
  detail: (f) => {
    const c = f.columns;
    const parts = [
      c.idLike.length ? `id ${names(c.idLike)}` : "",
      c.trainOnly.length ? `train-only ${names(c.trainOnly)}` : "",
      c.constant.length ? `constant ${names(c.constant)}` : "",
      c.blankInTest.length ? `blank in test ${names(c.blankInTest)}` : "",
    ].filter(Boolean);
    return parts.length ? parts.join("; ") : null;
  },
  params: z.object({}).strict(),
  call(ctx) {
    const c = ctx.facts.columns;
    return { columns: [...c.idLike, ...c.trainOnly, ...c.constant], blank_in_test: c.blankInTest };
  },
});
