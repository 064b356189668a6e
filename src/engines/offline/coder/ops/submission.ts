import { z } from "zod";
import { SUBMISSION_FILE } from "../../../../tools/task/script-contract.js";
import type { DataProfile, SubmissionForm } from "../../../../types/profile.js";
import { defineOp } from "../op-spec.js";
import { names } from "../details.js";

/** The form actually written: the requested one when the task allows it, else the profile's. */
export function effectiveForm(profile: DataProfile, requested: SubmissionForm): SubmissionForm {
  const p = profile;
  if (p.taskType === "regression") return "value";
  if (p.submissionForm === "class_probabilities") return p.submissionForm;
  if (requested === "value") return p.submissionForm;
  if (requested === "probability" && p.taskType !== "binary") return p.submissionForm;
  if (requested === "class_probabilities" && p.targetColumns.length < 2) return p.submissionForm;
  return requested;
}

/** Predicts the test rows with the blend and writes submission.csv like the sample submission. */
export const writeSubmission = defineOp({
  op: "write_submission",
  section: "submission",
  phase: 0,
  tag: "Data_Export",
  library: "pandas",
  text: "Predict the test rows with the blend and write submission.csv with the sample submission's id column, id order and columns.",
  needs: [],
  detail: (f) => names([f.profile.idColumn ?? "(row order)", ...f.profile.targetColumns]),
  params: z
    .object({
      form: z.enum(["label", "probability", "class_probabilities", "value"]).default("label"),
      label_style: z.enum(["sample", "train"]).default("sample"),
    })
    .strict(),
  call(ctx, p) {
    return { form: effectiveForm(ctx.facts.profile, p.form), label_style: p.label_style, path: SUBMISSION_FILE };
  },
});
