import { z } from "zod";
import { METRICS_FILE } from "../../../../tools/task/script-contract.js";
import { defineOp } from "../op-spec.js";

/** Folds, and the most training rows validation uses (null: all). */
const scheme = { folds: z.number().int().min(2).default(5), max_rows: z.number().int().positive().nullable().default(null) };

/** Shuffled (stratified for classification) k-fold cross-validation with out-of-fold predictions. */
export const kfoldCv = defineOp({
  op: "kfold_cv",
  section: "validation",
  phase: 0,
  tag: "Model_Evaluation",
  library: "scikit-learn",
  text: "Score the models by shuffled k-fold cross-validation (stratified for classification) on out-of-fold predictions, within the time budget.",
  needs: [],
  params: z.object({ ...scheme, repeats: z.number().int().min(1).default(1) }).strict(),
});

/** Forward-chaining validation in time order: every fold trains on the past and scores the next period. */
export const timeSplitCv = defineOp({
  op: "time_split_cv",
  section: "validation",
  phase: 0,
  tag: "Model_Evaluation",
  library: "scikit-learn",
  text: "Validate in time order: sort the rows by time and use forward-chaining splits, each training on earlier periods and scoring the next.",
  needs: ["timeOrdered"],
  detail: (f) => (f.profile.timeColumn ? `ordered by ${f.profile.timeColumn}` : null),
  params: z.object(scheme).strict(),
  call: (ctx, params) => ({ time_col: ctx.facts.profile.timeColumn, ...params }),
});

/** Picks the positive-class probability threshold that maximises the metric on out-of-fold predictions. */
export const tuneThreshold = defineOp({
  op: "tune_threshold",
  section: "validation",
  phase: 1,
  tag: "Hyperparam_Tuning",
  library: "numpy",
  text: "Tune the decision threshold on the positive-class probability to maximise the metric on the out-of-fold predictions.",
  needs: ["binary", "labelMetric"],
  params: z
    .object({
      low: z.number().min(0).default(0.05),
      high: z.number().max(1).default(0.95),
      smooth: z.number().int().min(0).default(2),
      /** Bootstrap standard errors of the gain the tuned threshold needs over the given one to replace it (0: any gain). */
      margin: z.number().min(0).default(0),
    })
    .strict(),
});

/** Chooses blend weights by greedy forward selection on the out-of-fold score. */
export const tuneBlendWeights = defineOp({
  op: "tune_blend_weights",
  section: "validation",
  phase: 0.5,
  tag: "Hyperparam_Tuning",
  library: "numpy",
  text: "Choose the blend weights by greedy forward selection on the out-of-fold score, keeping the given weights unless that scores better.",
  needs: [],
  params: z.object({ rounds: z.number().int().positive().default(25) }).strict(),
});

/** Blends the members tied with the best one (within a margin of standard errors) with equal weights. */
export const keepTiedMembers = defineOp({
  op: "keep_tied_members",
  section: "validation",
  phase: 0.5,
  tag: "Hyperparam_Tuning",
  library: "numpy",
  text: "Blend with equal weights the models whose out-of-fold score is within one standard error of the best model's score, leaving the others out (the one-standard-error rule).",
  needs: [],
  params: z
    .object({
      /** Standard errors of the best model's score (bootstrap over the rows) a model may fall behind it and stay in the blend. */
      margin: z.number().min(0).default(1),
    })
    .strict(),
});

/** Prints the validation score line of the script contract. */
export const reportScore = defineOp({
  op: "report_score",
  section: "validation",
  phase: 2,
  tag: "Model_Evaluation",
  library: "scikit-learn",
  text: "Report the validation score of the blended out-of-fold predictions, and write every model's score and the blend weights to the metrics file.",
  needs: [],
  params: z.object({}).strict(),
  call: () => ({ path: METRICS_FILE }),
});

/** Refits every model on all training rows. */
export const fitFull = defineOp({
  op: "fit_full",
  section: "training",
  phase: 0,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "Refit every model with a blend weight on all training rows (within the time budget).",
  needs: [],
  params: z.object({}).strict(),
});
