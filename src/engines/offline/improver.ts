import type { Instruction, Step } from "../../types/instruction.js";
import type { Improvement, ImprovementBase } from "../engine.js";

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

/**
 * The offline engine's improvement round, from its own knowledge: first more capacity for the
 * best solution's models (more trees or iterations, a gentler learning rate; up to MAX_SCALINGS
 * times while it keeps gaining), then the best-fitting recipe no earlier run tried. Never proposes
 * an instruction an earlier run already had; null when nothing is left.
 */
export function proposeImprovement(
  base: ImprovementBase,
  recipeForRank: (rank: number) => Instruction,
  recipes: number,
): Improvement | null {
  const tried = new Set(base.history.map((t) => t.instruction.title));
  const scalings = base.instruction.title.split(TUNED).length - 1;
  if (scalings < MAX_SCALINGS) {
    const tuned = scaleCapacity(base.instruction);
    if (tuned && !tried.has(tuned.instruction.title)) return tuned;
  }
  for (let rank = 1; rank <= recipes; rank++) {
    const recipe = recipeForRank(rank);
    if (!tried.has(recipe.title)) return { change: `a different recipe: ${recipe.title}`, instruction: recipe };
  }
  return null;
}
