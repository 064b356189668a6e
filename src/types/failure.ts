import { z } from "zod";

/** Why the last execution failed, as the fixer sees it. */
export const FailureReportSchema = z.object({
  /** One-line summary ("exit code 1", "wall limit", "submission has 3 NaN values"). */
  summary: z.string(),
  /** Python traceback or validator findings. */
  error: z.string(),
  /** Tail of the script's stdout. */
  stdoutTail: z.string(),
});
export type FailureReport = z.infer<typeof FailureReportSchema>;
