import { describe, expect, it } from "vitest";
import { experiencePrior, outcomeValue, PRIOR_POINTS } from "../../src/engines/offline/experience-prior.js";
import { rankRecipes } from "../../src/engines/offline/instructor.js";
import { caseBank } from "../../src/engines/offline/case-bank.js";
import { deriveFacts } from "../../src/engines/offline/facts.js";
import { createOfflineEngine } from "../../src/engines/offline/index.js";
import type { ExperienceExample } from "../../src/types/experience.js";
import { instruction } from "../helpers/fakes.js";
import { makeRecord } from "./records.js";
import { binaryTabular } from "../engines/offline/profiles.js";
import { unitInput } from "../engines/offline/engine-input.js";

/** An example whose instruction carries `title`, at `similarity`, with a relative score or status. */
function example(
  title: string,
  similarity: number,
  relative: number | null,
  status: "succeeded" | "failed" = "succeeded",
): ExperienceExample {
  const record = makeRecord("Earlier", "d", { relative, status });
  return { key: `k-${title}-${similarity}`, similarity, record: { ...record, instruction: instruction(1, title) } };
}

describe("the offline engine's experience prior", () => {
  it("reads an outcome as -1..1: 2% better than the plain reference earns 1, a failure -1, unknown nothing", () => {
    expect(outcomeValue(example("a", 1, 0.01))).toBeCloseTo(0.5, 12);
    expect(outcomeValue(example("a", 1, 0.2))).toBe(1);
    expect(outcomeValue(example("a", 1, -0.05))).toBe(-1);
    expect(outcomeValue(example("a", 1, null, "failed"))).toBe(-1);
    expect(outcomeValue(example("a", 1, null))).toBeNull();
  });

  it("moves a recipe by the similarity-weighted outcome of experiences with its title, others not at all", () => {
    const bank = caseBank();
    const [first] = bank.recipes;
    const prior = experiencePrior([
      example(first.instruction.title, 1, 0.04),
      example(first.instruction.title, 0.5, -0.04),
      example("Unrelated", 1, 0.04),
    ]);
    expect(prior(first)).toBeCloseTo((PRIOR_POINTS * (1 - 0.5)) / 1.5, 12);
    const other = bank.recipes.find((r) => r.instruction.title !== first.instruction.title)!;
    expect(prior(other)).toBe(0);
    expect(experiencePrior([example(first.instruction.title, 0.25, 0.04)])(first)).toBeCloseTo(PRIOR_POINTS * 0.25, 12);
    expect(experiencePrior([])(first)).toBe(0);
  });

  it("reorders the candidates when similar tasks scored well with another approach, and not without experience", async () => {
    const profile = binaryTabular();
    const facts = deriveFacts(profile);
    const bank = caseBank();
    const plain = rankRecipes(bank, facts).filter((s) => s.applicable);
    const second = plain[1];
    const boosted = rankRecipes(bank, facts, experiencePrior([example(second.recipe.instruction.title, 1, 0.05)]));
    expect(boosted[0].recipe.instruction.title).toBe(second.recipe.instruction.title);

    const engine = createOfflineEngine();
    const input = unitInput(profile);
    const without = (await engine.rankInstruction(input, 1, 3)).value;
    expect(without.title).toBe(plain[0].recipe.instruction.title);
    expect((await engine.rankInstruction({ ...input, experience: [] }, 1, 3)).value).toEqual(without);
    const withExperience = (
      await engine.rankInstruction({ ...input, experience: [example(second.recipe.instruction.title, 1, 0.05)] }, 1, 3)
    ).value;
    expect(withExperience.title).toBe(second.recipe.instruction.title);
  });
});
