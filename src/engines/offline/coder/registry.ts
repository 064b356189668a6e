import type { OpSpec } from "./op-spec.js";
import { dropLeakage, encodeTarget, loadData, planBudget, reportActual, setMetric, targetTransform } from "./ops/data.js";
import { assembleFeatures, categoricalEncoding, numericFeatures, targetEncoding, textModelFeature, textTfidf } from "./ops/encoders.js";
import {
  amountTotals,
  datetimeFeatures,
  frequencyEncoding,
  missingIndicators,
  stringParts,
  targetLags,
  textStatistics,
  tokenIndicators,
} from "./ops/features.js";
import {
  extraTrees,
  histGradientBoosting,
  lightgbm,
  logisticRegression,
  nbLogisticRegression,
  randomForest,
  ridge,
  sgdLinear,
  startModels,
  xgboost,
} from "./ops/models.js";
import { writeSubmission } from "./ops/submission.js";
import { fitFull, keepTiedMembers, kfoldCv, reportScore, timeSplitCv, tuneBlendWeights, tuneThreshold } from "./ops/validation.js";

/** Every op the offline coder can write, by id (each one a function of python/linguacodus_ops). */
export const OPS: ReadonlyMap<string, OpSpec> = new Map(
  [
    planBudget,
    loadData,
    encodeTarget,
    targetTransform,
    setMetric,
    dropLeakage,
    datetimeFeatures,
    targetLags,
    stringParts,
    tokenIndicators,
    frequencyEncoding,
    textStatistics,
    missingIndicators,
    amountTotals,
    targetEncoding,
    numericFeatures,
    categoricalEncoding,
    textTfidf,
    textModelFeature,
    assembleFeatures,
    startModels,
    histGradientBoosting,
    xgboost,
    lightgbm,
    randomForest,
    extraTrees,
    logisticRegression,
    ridge,
    sgdLinear,
    nbLogisticRegression,
    kfoldCv,
    timeSplitCv,
    tuneBlendWeights,
    keepTiedMembers,
    tuneThreshold,
    reportScore,
    fitFull,
    writeSubmission,
    reportActual,
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
  "sgd_linear",
  "nb_logistic_regression",
]);

/** Model ops that use the linear (or text) feature view. */
export const LINEAR_MODEL_OPS = new Set(["logistic_regression", "ridge", "sgd_linear", "nb_logistic_regression"]);

/** Validation schemes: exactly one runs. */
export const VALIDATION_OPS = new Set(["kfold_cv", "time_split_cv"]);

/** The spec of an op id; throws for an unknown id. */
export function opSpec(op: string): OpSpec {
  const spec = OPS.get(op);
  if (!spec) throw new Error(`unknown offline op "${op}"`);
  return spec;
}
