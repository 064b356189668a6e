import type { Instruction } from "../../types/instruction.js";
import { removeOp, replaceOp, setParams } from "./edit.js";
import type { ProfileFacts } from "./facts.js";
import { instantiate, scoreRecipe } from "./instructor.js";
import type { CaseBank } from "./recipe.js";

/**
 * The plain reference instruction (the vanilla baseline): default HistGradientBoosting on
 * median-imputed numbers and ordinal-encoded categoricals, or TF-IDF + logistic regression when
 * the task has free text; log1p target only for log metrics; the submission form the task needs.
 */
export function plainReference(bank: CaseBank, facts: ProfileFacts): Instruction {
  const id = facts.flags.has("text") ? "plain-reference-text" : "plain-reference-tabular";
  const recipe = bank.recipes.find((r) => r.id === id);
  if (!recipe) throw new Error(`the case bank has no "${id}" recipe`);
  let instruction = instantiate(scoreRecipe(recipe, facts), facts, 1);
  if (!facts.flags.has("logMetric")) instruction = removeOp(instruction, "target_transform");
  if (facts.profile.taskType === "regression" && facts.flags.has("text")) {
    instruction = replaceOp(instruction, "logistic_regression", "ridge", () => ({ name: "linear", alpha: 1 }));
  }
  return setParams(instruction, "write_submission", { form: facts.profile.submissionForm });
}
