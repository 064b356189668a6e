import { z } from "zod";

/** What validateSubmission found out about a submission file. */
export const SubmissionValidationSchema = z.object({
  /** True when no problem was found. */
  ok: z.boolean(),
  /** Short sentences, one per problem, phrased for the model that fixes the script. */
  problems: z.array(z.string()),
  /** Data rows in the submission (0 when it is missing or unreadable). */
  rows: z.number().int().nonnegative(),
  /** Data rows expected (the sample submission's, else the test file's). */
  expectedRows: z.number().int().nonnegative(),
});
export type SubmissionValidation = z.infer<typeof SubmissionValidationSchema>;
