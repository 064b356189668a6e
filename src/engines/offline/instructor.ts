import type { Instruction, InstructionSection } from "../../types/instruction.js";
import { INSTRUCTION_SECTIONS, InstructionSchema } from "../../types/instruction.js";
import type { Fact, ProfileFacts } from "./facts.js";
import { OPS } from "./coder/registry.js";
import { unmetNeeds } from "./coder/plan.js";
import type { CaseBank, Recipe } from "./recipe.js";

/** Score added when a recipe writes the submission form the task needs (subtracted otherwise). */
const FORM_BONUS = 5;
/** Penalty that ranks recipes whose hard conditions fail after every applicable one. */
const NOT_APPLICABLE = 1000;

/** A recipe with its fit to a profile. */
export interface ScoredRecipe {
  /** The recipe. */
  recipe: Recipe;
  /** Fit score (higher fits better). */
  score: number;
  /** Whether the recipe's task types, requirements and exclusions hold. */
  applicable: boolean;
  /** Facts that raised the score, for the summary. */
  reasons: Fact[];
}

/** Scores one recipe against the facts of a task. */
export function scoreRecipe(recipe: Recipe, facts: ProfileFacts): ScoredRecipe {
  const applicable =
    recipe.taskTypes.includes(facts.profile.taskType) &&
    recipe.requires.every((f) => facts.flags.has(f)) &&
    !recipe.excludes.some((f) => facts.flags.has(f));
  const reasons = [...facts.flags].filter((f) => (recipe.fit[f] ?? 0) > 0);
  const fit = [...facts.flags].reduce((sum, f) => sum + (recipe.fit[f] ?? 0), 0);
  const form = recipe.forms.includes(facts.profile.submissionForm) || facts.profile.taskType === "regression" ? FORM_BONUS : -FORM_BONUS;
  return { recipe, applicable, reasons, score: recipe.base + fit + form - (applicable ? 0 : NOT_APPLICABLE) };
}

/** Score points added to a recipe's fit from outside the bank (experience of earlier tasks: see experience-prior.ts). */
export type RecipePrior = (recipe: Recipe) => number;

/** No prior: the bank's fit alone. */
const NO_PRIOR: RecipePrior = () => 0;

/**
 * Every recipe of the bank, best fit first (fit plus the prior), one per family before any family
 * repeats (so the top k candidates are k different approaches); ties keep bank order.
 */
export function rankRecipes(bank: CaseBank, facts: ProfileFacts, prior: RecipePrior = NO_PRIOR): ScoredRecipe[] {
  const withPrior = (scored: ScoredRecipe): ScoredRecipe => ({ ...scored, score: scored.score + prior(scored.recipe) });
  const sorted = bank.recipes
    .map((recipe, index) => ({ scored: withPrior(scoreRecipe(recipe, facts)), index }))
    .sort((a, b) => b.scored.score - a.scored.score || a.index - b.index)
    .map(({ scored }) => scored);
  return [...familiesFirst(sorted.filter((s) => s.applicable)), ...familiesFirst(sorted.filter((s) => !s.applicable))];
}

/** Reorders a sorted list so the first recipe of every family comes before any family's second. */
function familiesFirst(sorted: ScoredRecipe[]): ScoredRecipe[] {
  const families = new Set<string>();
  const firsts: ScoredRecipe[] = [];
  const repeats: ScoredRecipe[] = [];
  for (const scored of sorted) {
    (families.has(scored.recipe.family) ? repeats : firsts).push(scored);
    families.add(scored.recipe.family);
  }
  return [...firsts, ...repeats];
}

/** A recipe's instruction for this task: steps that cannot apply are dropped, rank and reasons set. */
export function instantiate(scored: ScoredRecipe, facts: ProfileFacts, rank: number): Instruction {
  const base = scored.recipe.instruction;
  const keep = (section: InstructionSection) =>
    base[section].flatMap((step) => {
      const spec = step.op ? OPS.get(step.op) : undefined;
      if (spec && unmetNeeds(spec, facts).length > 0) return [];
      const detail = spec?.detail?.(facts);
      return [{ ...structuredClone(step), ...(detail ? { text: `${step.text} (Here: ${detail}.)` } : {}) }];
    });
  const sections = Object.fromEntries(INSTRUCTION_SECTIONS.map((s) => [s, keep(s)]));
  const why = scored.reasons.length ? ` Fits this task because of: ${scored.reasons.join(", ")}.` : "";
  return InstructionSchema.parse({ ...sections, rank, title: base.title, summary: `${base.summary}${why}` });
}

/** The instruction for the rank-th place (1-based): the rank-th best recipe whose title a reviewer did not reject, instantiated. */
export function instructionForRank(
  bank: CaseBank,
  facts: ProfileFacts,
  rank: number,
  rejected: readonly string[] = [],
  prior: RecipePrior = NO_PRIOR,
): Instruction {
  const all = rankRecipes(bank, facts, prior);
  const fresh = rejected.length ? all.filter((scored) => !rejected.includes(instantiate(scored, facts, rank).title)) : all;
  const ranked = fresh.length > 0 ? fresh : all;
  const scored = ranked[Math.min(rank, ranked.length) - 1];
  return instantiate(scored, facts, rank);
}
