import type { ExperienceExample } from "../../types/experience.js";
import type { RecipePrior } from "./instructor.js";

/**
 * Most score points experience may add to or take from a recipe: as much as fitting the submission
 * form plus one fact (recipes of one task are typically 1–6 points apart), so strong evidence from a
 * very similar task reorders close candidates but never makes an inapplicable recipe applicable.
 */
export const PRIOR_POINTS = 6;
/** Relative score (against the plain reference) that earns the whole prior, up or down: 2%. */
const FULL_CREDIT = 0.02;

/**
 * What one experience says about its instruction, in -1..1: its relative score against the plain
 * reference (2% better earns 1), -1 for a run without a valid submission, nothing when unknown.
 */
export function outcomeValue(example: ExperienceExample): number | null {
  const { outcome } = example.record;
  if (outcome.relativeScore !== null) return Math.max(-1, Math.min(1, outcome.relativeScore / FULL_CREDIT));
  if (outcome.status === "failed") return -1;
  return null;
}

/**
 * The prior of experience over the bank's recipes: a recipe whose title an earlier similar task's
 * instruction carried moves by PRIOR_POINTS times the similarity-weighted mean of those outcomes,
 * scaled down while the total similarity is below 1. Recipes no experience names keep 0.
 */
export function experiencePrior(examples: readonly ExperienceExample[]): RecipePrior {
  const byTitle = new Map<string, { sum: number; weight: number }>();
  for (const example of examples) {
    const value = outcomeValue(example);
    const title = example.record.instruction?.title;
    if (value === null || !title) continue;
    const entry = byTitle.get(title) ?? { sum: 0, weight: 0 };
    entry.sum += example.similarity * value;
    entry.weight += example.similarity;
    byTitle.set(title, entry);
  }
  return (recipe) => {
    const entry = byTitle.get(recipe.instruction.title);
    return entry ? (PRIOR_POINTS * entry.sum) / Math.max(1, entry.weight) : 0;
  };
}
