import type { OpSpec } from "./op-spec.js";
import { dropLeakage, encodeTarget, loadData, targetTransform } from "./ops/data.js";
import { assembleFeatures, categoricalEncoding, numericFeatures, textTfidf } from "./ops/encoders.js";
import { datetimeFeatures, frequencyEncoding, missingIndicators, stringParts, textStatistics, tokenIndicators } from "./ops/features.js";
import { extraTrees, histGradientBoosting, lightgbm, logisticRegression, randomForest, ridge, xgboost } from "./ops/models.js";
import { writeSubmission } from "./ops/submission.js";
import { fitFull, kfoldCv, reportScore, timeSplitCv, tuneBlendWeights, tuneThreshold } from "./ops/validation.js";

/** Every op the offline coder can render, by id. */
export const OPS: ReadonlyMap<string, OpSpec> = new Map(
  [
    loadData,
    encodeTarget,
    targetTransform,
    dropLeakage,
    datetimeFeatures,
    stringParts,
    tokenIndicators,
    frequencyEncoding,
    textStatistics,
    missingIndicators,
    numericFeatures,
    categoricalEncoding,
    textTfidf,
    assembleFeatures,
    histGradientBoosting,
    xgboost,
    lightgbm,
    randomForest,
    extraTrees,
    logisticRegression,
    ridge,
    kfoldCv,
    timeSplitCv,
    tuneThreshold,
    tuneBlendWeights,
    reportScore,
    fitFull,
    writeSubmission,
  ].map((spec) => [spec.op, spec]),
);

/** Model ops: each registers one member of the blend. */
export const MODEL_OPS = new Set([
  "hist_gradient_boosting",
  "xgboost",
  "lightgbm",
  "random_forest",
  "extra_trees",
  "logistic_regression",
  "ridge",
]);

/** Model ops that use the linear feature view. */
export const LINEAR_MODEL_OPS = new Set(["logistic_regression", "ridge"]);

/** Validation schemes: exactly one runs. */
export const VALIDATION_OPS = new Set(["kfold_cv", "time_split_cv"]);

/** The spec of an op id; throws for an unknown id. */
export function opSpec(op: string): OpSpec {
  const spec = OPS.get(op);
  if (!spec) throw new Error(`unknown offline op "${op}"`);
  return spec;
}
