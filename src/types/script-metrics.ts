import { z } from "zod";

/** One model the script validated, as its metrics file names it. */
const ModelMetricSchema = z
  .object({
    /** The model's name in the script ("gbm", "linear"). */
    name: z.string().min(1).max(100),
    /** Its own validation score with the task's metric. */
    validationScore: z.number().finite(),
  })
  .strict();

/**
 * metrics.json as a solution script writes it (src/tools/task/script-contract.ts): every model's
 * validation score and the blend weights. Untrusted: the report shows it as the script's claim.
 */
export const ScriptMetricsSchema = z
  .object({
    /** Every model the script validated, with its own score. */
    models: z.array(ModelMetricSchema).max(100),
    /** The blend weight of each model in the final prediction (absent: a single model, or not said). */
    blend: z
      .record(z.string().min(1).max(100), z.number().finite().min(0))
      .refine((weights) => Object.keys(weights).length <= 100, "at most 100 blend weights")
      .optional(),
  })
  .strict();
export type ScriptMetrics = z.infer<typeof ScriptMetricsSchema>;

/** What the harness made of a run's metrics file: the metrics, or a note why there are none. */
export interface ScriptMetricsRead {
  /** The validated metrics, or null. */
  metrics: ScriptMetrics | null;
  /** Why there are none (no file, not a regular file, too big, not JSON, wrong shape), or null. */
  note: string | null;
}
