import { MetricSchema, type Metric } from "../types/profile.js";
import { higherIsBetter, inferMetric } from "../tools/task/metric-inference.js";
import type { CorpusTask } from "./corpus.js";

/** The data types the profiler reports at inference (see dataTypeOf). */
export const INFERENCE_DATA_TYPES = ["tabular", "text", "time_series"] as const;

/** The metric and data type a task's training prompts carry, aligned with what inference sends. */
export interface PromptFields {
  /** The project's metric name ("rmse", "auc", ...), or "unknown" as inference says for an unrecognised metric. */
  metric: string;
  /** The data type, lower-case with underscores ("time_series"). */
  dataType: string;
  /** Whether a higher score is better. */
  higherIsBetter: boolean;
  /** Notes on guesses made (unrecognised metric or data type). */
  warnings: string[];
}

/** Maps a metric name from a corpus ("RMSE", "roc_auc", "mean_absolute_error") to the project's metric, or null. */
export function canonicalMetric(name: string): Metric | null {
  const direct = MetricSchema.safeParse(name.trim().toLowerCase());
  if (direct.success) return direct.data;
  return inferMetric(name.replace(/_/g, " "));
}

/**
 * The prompt fields of a task. The metric is the project's name for it, because inference fills the
 * prompt with the profiler's metric (or "unknown"); the direction is the task's own, else the metric's.
 */
export function promptFields(task: CorpusTask): PromptFields {
  const warnings: string[] = [];
  const metric = canonicalMetric(task.metric);
  if (metric === null)
    warnings.push(`task ${task.id}: metric "${task.metric}" is not one the project knows; prompts say "unknown", as inference would`);
  const dataType = task.data_type
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if (!(INFERENCE_DATA_TYPES as readonly string[]).includes(dataType)) {
    warnings.push(`task ${task.id}: data type "${dataType}" is never sent at inference (${INFERENCE_DATA_TYPES.join(", ")})`);
  }
  let direction = task.higher_is_better;
  if (direction === undefined) {
    direction = higherIsBetter(metric);
    if (metric === null)
      warnings.push(`task ${task.id}: direction of metric "${task.metric}" unknown, assumed higher is better; set higher_is_better`);
  }
  return { metric: metric ?? "unknown", dataType, higherIsBetter: direction, warnings };
}
