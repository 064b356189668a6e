import type { Environment } from "../../types/environment.js";
import type { Instruction } from "../../types/instruction.js";
import { hasOp, replaceOp } from "./edit.js";

const num = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);

/**
 * Fits a recipe to the libraries the environment probe found: gradient boosting uses LightGBM
 * where it is installed, and XGBoost steps fall back to scikit-learn's histogram boosting where
 * xgboost is missing. Without a probe result the recipe is left as it is.
 */
export function adaptToEnvironment(instruction: Instruction, environment: Environment | null | undefined): Instruction {
  if (!environment) return instruction;
  let out = instruction;
  if (!("xgboost" in environment.libraries) && hasOp(out, "xgboost")) {
    out = replaceOp(out, "xgboost", "hist_gradient_boosting", (old) => ({
      name: old.params?.name ?? "xgb",
      weight: old.params?.weight ?? 1,
      max_iter: num(old.params?.n_estimators, 300),
      learning_rate: num(old.params?.learning_rate, 0.05),
      ...(old.params?.view ? { view: old.params.view } : {}),
    }));
  }
  if ("lightgbm" in environment.libraries && hasOp(out, "hist_gradient_boosting")) {
    out = replaceOp(out, "hist_gradient_boosting", "lightgbm", (old) => ({
      name: old.params?.name ?? "hgb",
      weight: old.params?.weight ?? 1,
      n_estimators: num(old.params?.max_iter, 100),
      learning_rate: num(old.params?.learning_rate, 0.1),
      num_leaves: num(old.params?.max_leaf_nodes, 31),
      min_child_samples: num(old.params?.min_samples_leaf, 20),
      reg_lambda: num(old.params?.l2_regularization, 0),
      ...(old.params?.class_weight ? { class_weight: old.params.class_weight } : {}),
      ...(old.params?.view ? { view: old.params.view } : {}),
    }));
  }
  return out;
}
