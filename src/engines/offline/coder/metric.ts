import type { DataProfile, Metric } from "../../../types/profile.js";

/** The metric the scripts score with: the profile's, else accuracy (classification) or RMSE. */
export function scoringMetric(profile: DataProfile): Metric {
  return profile.metric ?? (profile.taskType === "regression" ? "rmse" : "accuracy");
}

/** Whether a higher value of the scoring metric is better. */
export function higherIsBetterFor(profile: DataProfile): boolean {
  return profile.metric === null ? profile.taskType !== "regression" : profile.higherIsBetter;
}
