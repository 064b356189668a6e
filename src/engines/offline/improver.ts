import type { Instruction, Step } from "../../types/instruction.js";
import type { Trial } from "../../types/trial.js";
import type { Improvement, ImprovementBase } from "../engine.js";
import { addOp, hasOp } from "./edit.js";
import type { Fact, ProfileFacts } from "./facts.js";
import { MODEL_OPS } from "./coder/registry.js";

/** Step parameters an improvement round scales, and by how much: more capacity, a gentler learning rate. */
const CAPACITY: Record<string, number> = {
  n_estimators: 2,
  max_iter: 2,
  iterations: 2,
  num_boost_round: 2,
  learning_rate: 0.5,
  eta: 0.5,
};

/** Rounds of capacity scaling one recipe gets before the improver moves on to other recipes. */
const MAX_SCALINGS = 2;

/** Title suffix of a capacity-scaled instruction. */
const TUNED = " + more capacity";

/** A step with its capacity parameters scaled, and what changed ("n_estimators 400→800"). */
function scaleStep(step: Step): { step: Step; changes: string[] } {
  const params = { ...(step.params ?? {}) };
  const changes: string[] = [];
  for (const [name, factor] of Object.entries(CAPACITY)) {
    const value = params[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) continue;
    const scaled = Number.isInteger(value) && factor > 1 ? Math.round(value * factor) : Number((value * factor).toPrecision(3));
    params[name] = scaled;
    changes.push(`${name} ${value}→${scaled}`);
  }
  if (changes.length === 0) return { step, changes };
  return { step: { ...step, params, text: `${step.text} (tuned: ${changes.join(", ")})` }, changes };
}

/** The instruction with every model and training step's capacity scaled, or null when no step has such a parameter. */
function scaleCapacity(instruction: Instruction): Improvement | null {
  const changes: string[] = [];
  const scaled = (steps: Step[]) =>
    steps.map((s) => {
      const out = scaleStep(s);
      changes.push(...out.changes);
      return out.step;
    });
  const next = { ...instruction, model: scaled(instruction.model), training: scaled(instruction.training) };
  if (changes.length === 0) return null;
  return {
    change: `more capacity for the best model: ${[...new Set(changes)].join(", ")}`,
    instruction: { ...next, title: `${instruction.title}${TUNED}` },
  };
}

/** Title suffix of an instruction that blends in another run's models. */
const BLENDED = " + blend";

/** Title suffix of an instruction with extra features. */
const FEATURED = " + features";

/** Feature ops an improvement round may add, each with the fact that makes it worth a run. */
const EXTRA_FEATURES: Array<{ op: string; when: Fact; what: string }> = [
  { op: "missing_indicators", when: "missingValues", what: "missing-value indicators" },
  { op: "frequency_encoding", when: "highCardinality", what: "value counts of high-cardinality columns" },
  { op: "target_encoding", when: "highCardinality", what: "out-of-fold target encoding" },
  { op: "string_parts", when: "highCardinality", what: "parts of code- and name-like strings" },
  { op: "token_indicators", when: "highCardinality", what: "indicators of frequent tokens" },
  { op: "text_statistics", when: "text", what: "text statistics" },
  { op: "datetime_features", when: "datetime", what: "calendar features" },
  { op: "amount_totals", when: "numeric", what: "totals of amount-like columns" },
];

/** True when a is a better holdout score than b. */
function better(a: number, b: number, higherIsBetter: boolean): boolean {
  return higherIsBetter ? a > b : a < b;
}

/**
 * The instruction with the model steps of the best other validated run whose models it lacks
 * (another family: e.g. a linear model beside trees), the blend weights chosen by the out-of-fold
 * score; null when no validated run has a model the base lacks.
 */
function blendIn(base: ImprovementBase): Improvement | null {
  const have = new Set(base.instruction.model.map((step) => step.op));
  const newModels = (trial: Trial) => trial.instruction.model.filter((step) => MODEL_OPS.has(step.op ?? "") && !have.has(step.op));
  const donor = base.history
    .filter((t) => typeof t.holdoutScore === "number" && Number.isFinite(t.holdoutScore) && newModels(t).length > 0)
    .reduce<Trial | null>(
      (best, t) => (best === null || better(t.holdoutScore ?? 0, best.holdoutScore ?? 0, base.higherIsBetter) ? t : best),
      null,
    );
  if (donor === null) return null;
  const names = new Set(base.instruction.model.map((step) => String(step.params?.name ?? step.op)));
  const added = newModels(donor).map((step) => {
    let name = String(step.params?.name ?? step.op);
    while (names.has(name)) name = `${name}2`;
    names.add(name);
    return { ...step, params: { ...step.params, name } };
  });
  let next: Instruction = { ...base.instruction, model: [...base.instruction.model, ...added] };
  if (!hasOp(next, "tune_blend_weights")) next = addOp(next, "tune_blend_weights");
  return {
    change: `blend in the models of "${donor.instruction.title}" (holdout ${donor.holdoutScore}): ${added.map((s) => s.op).join(", ")}, weights by the out-of-fold score`,
    instruction: { ...next, title: `${base.instruction.title}${BLENDED}` },
  };
}

/** The instruction with every feature op the data calls for and it lacks; null when there is none. */
function extraFeatures(instruction: Instruction, facts: ProfileFacts): Improvement | null {
  const extra = EXTRA_FEATURES.filter((f) => facts.flags.has(f.when) && !hasOp(instruction, f.op));
  if (extra.length === 0) return null;
  const next = extra.reduce((acc, f) => addOp(acc, f.op), instruction);
  return {
    change: `extra features: ${extra.map((f) => f.what).join(", ")}`,
    instruction: { ...next, title: `${instruction.title}${FEATURED}` },
  };
}

/**
 * The offline engine's improvement round, from its own knowledge, first proposal not tried yet:
 * more capacity for the best solution's models (more trees or iterations, a gentler learning
 * rate; up to MAX_SCALINGS times while it keeps gaining), a blend with the models of the best
 * other validated run, the extra features the data calls for, then the best-fitting recipe no
 * earlier run tried. Never proposes an instruction an earlier run already had; null when nothing
 * is left.
 */
export function proposeImprovement(
  base: ImprovementBase,
  facts: ProfileFacts,
  recipeForRank: (rank: number) => Instruction,
  recipes: number,
): Improvement | null {
  const tried = new Set(base.history.map((t) => t.instruction.title));
  const fresh = (proposal: Improvement | null) => proposal !== null && !tried.has(proposal.instruction.title);
  const scalings = base.instruction.title.split(TUNED).length - 1;
  if (scalings < MAX_SCALINGS) {
    const tuned = scaleCapacity(base.instruction);
    if (fresh(tuned)) return tuned;
  }
  for (const proposal of [blendIn(base), extraFeatures(base.instruction, facts)]) if (fresh(proposal)) return proposal;
  for (let rank = 1; rank <= recipes; rank++) {
    const recipe = recipeForRank(rank);
    if (!tried.has(recipe.title)) return { change: `a different recipe: ${recipe.title}`, instruction: recipe };
  }
  return null;
}
