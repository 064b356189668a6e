import type { DataProfile, Metric } from "../../../types/profile.js";

/** The metric the templates score with: the profile's, else accuracy (classification) or RMSE. */
export function scoringMetric(profile: DataProfile): Metric {
  return profile.metric ?? (profile.taskType === "regression" ? "rmse" : "accuracy");
}

/** Body lines of `score(y_true, pred)` for a metric; pred is probabilities or transformed predictions. */
function scoreBody(metric: Metric, binary: boolean): string[] {
  const regression = [`    actual, predicted = to_original_scale(y_true), to_original_scale(pred)`];
  switch (metric) {
    case "accuracy":
      return [`    return metrics.accuracy_score(y_true, to_labels(pred))`];
    case "f1":
    case "precision":
    case "recall": {
      const fn = metric === "f1" ? "f1_score" : `${metric}_score`;
      return binary
        ? [`    return metrics.${fn}(y_true == POS_INDEX, to_labels(pred) == POS_INDEX)`]
        : [`    return metrics.${fn}(y_true, to_labels(pred), average="macro")`];
    }
    case "macro_f1":
    case "micro_f1":
    case "weighted_f1":
      return [`    return metrics.f1_score(y_true, to_labels(pred), average="${metric.split("_")[0]}")`];
    case "auc":
      return binary
        ? [`    return metrics.roc_auc_score(y_true == POS_INDEX, pred[:, POS_INDEX])`]
        : [`    return metrics.roc_auc_score(y_true, pred, multi_class="ovr", labels=list(range(len(CLASSES))))`];
    case "logloss":
      return [
        `    proba = np.clip(pred, 1e-15, 1 - 1e-15)`,
        `    return metrics.log_loss(y_true, proba / proba.sum(axis=1, keepdims=True), labels=list(range(len(CLASSES))))`,
      ];
    case "rmse":
      return [...regression, `    return float(np.sqrt(metrics.mean_squared_error(actual, predicted)))`];
    case "rmsle":
      return [
        ...regression,
        `    return float(np.sqrt(np.mean((np.log1p(np.clip(predicted, 0, None)) - np.log1p(np.clip(actual, 0, None))) ** 2)))`,
      ];
    case "log_rmse":
      return [
        ...regression,
        `    return float(np.sqrt(np.mean((np.log(np.clip(predicted, 1e-9, None)) - np.log(np.clip(actual, 1e-9, None))) ** 2)))`,
      ];
    case "mae":
      return [...regression, `    return metrics.mean_absolute_error(actual, predicted)`];
    case "mape":
      return [...regression, `    return metrics.mean_absolute_percentage_error(actual, predicted)`];
    case "r2":
      return [...regression, `    return metrics.r2_score(actual, predicted)`];
  }
}

/** Whether a higher value of the scoring metric is better. */
export function higherIsBetterFor(profile: DataProfile): boolean {
  return profile.metric === null ? profile.taskType !== "regression" : profile.higherIsBetter;
}

/** Python lines defining `score(y_true, pred)` and `HIGHER_IS_BETTER` for the task's metric. */
export function scoreFunction(profile: DataProfile): string[] {
  const metric = scoringMetric(profile);
  return [
    `HIGHER_IS_BETTER = ${higherIsBetterFor(profile) ? "True" : "False"}`,
    ``,
    ``,
    `def score(y_true, pred):`,
    `    """${metric} of predictions (probabilities or model-scale values) against encoded targets."""`,
    ...scoreBody(metric, profile.taskType === "binary"),
  ];
}
