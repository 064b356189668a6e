import { describe, expect, it } from "vitest";
import { proposeImprovement } from "../../../src/engines/offline/improver.js";
import type { ImprovementBase } from "../../../src/engines/engine.js";
import type { Trial } from "../../../src/types/trial.js";
import { instruction } from "../../helpers/fakes.js";
import type { Instruction } from "../../../src/types/instruction.js";
import type { Fact, ProfileFacts } from "../../../src/engines/offline/facts.js";

/** Facts with only these flags (the improver reads no other field). */
const factsWith = (...flags: Fact[]) => ({ flags: new Set(flags) }) as ProfileFacts;
const noFacts = factsWith();

const boosted = (title: string): Instruction => ({
  ...instruction(1, title),
  model: [{ text: "Gradient boosting.", op: "xgb", params: { n_estimators: 300, learning_rate: 0.1, max_depth: 4 } }],
});

function base(best: Instruction, tried: string[]): ImprovementBase {
  return {
    instruction: best,
    code: "",
    holdoutScore: 0.8,
    reportedScore: null,
    metric: "accuracy",
    higherIsBetter: true,
    history: tried.map((title) => ({ instruction: instruction(1, title) }) as Trial),
  };
}

describe("the offline engine's improvement rounds", () => {
  const recipes = ["Boost", "Forest", "Linear"].map((t) => instruction(1, t));
  const recipeForRank = (rank: number) => recipes[rank - 1];

  it("first gives the best model more capacity, naming the change", () => {
    const proposal = proposeImprovement(base(boosted("Boost"), ["Boost"]), noFacts, recipeForRank, 3);
    expect(proposal?.change).toBe("more capacity for the best model: n_estimators 300→600, learning_rate 0.1→0.05");
    expect(proposal?.instruction.model[0].params).toEqual({ n_estimators: 600, learning_rate: 0.05, max_depth: 4 });
    expect(proposal?.instruction.title).toBe("Boost + more capacity");
  });
  it("then the best-fitting recipe nobody tried, and nothing once every one was tried", () => {
    const tuned = proposeImprovement(base(boosted("Boost"), ["Boost", "Boost + more capacity"]), noFacts, recipeForRank, 3);
    expect(tuned?.instruction.title).toBe("Forest");
    const twice = boosted("Boost + more capacity + more capacity");
    expect(proposeImprovement(base(twice, ["Boost", "Forest"]), noFacts, recipeForRank, 3)?.instruction.title).toBe("Linear");
    expect(proposeImprovement(base(instruction(1, "Boost"), ["Boost", "Forest", "Linear"]), noFacts, recipeForRank, 3)).toBeNull();
  });

  const withModels = (title: string, model: Instruction["model"]): Instruction => ({ ...instruction(1, title), model });
  const trial = (inst: Instruction, holdoutScore: number | null) => ({ instruction: inst, holdoutScore }) as Trial;

  it("blends in the models of the best other validated run that the best one lacks, renaming clashing names", () => {
    const best = withModels("Boost + more capacity", [{ text: "Boosting.", op: "xgboost", params: { name: "m" } }]);
    const forest = withModels("Forest", [{ text: "Trees.", op: "extra_trees", params: { name: "m" } }]);
    const linear = withModels("Linear", [{ text: "Linear.", op: "logistic_regression", params: { name: "linear" } }]);
    const history = [trial(best, 0.8), trial(linear, 0.74), trial(forest, 0.78), trial(withModels("Broken", linear.model), null)];
    const proposal = proposeImprovement({ ...base(best, []), history }, noFacts, recipeForRank, 3);
    expect(proposal?.instruction.title).toBe("Boost + more capacity + blend");
    expect(proposal?.change).toMatch(/^blend in the models of "Forest" \(holdout 0.78\): extra_trees/);
    expect(proposal?.instruction.model.map((s) => [s.op, s.params?.name])).toEqual([
      ["xgboost", "m"],
      ["extra_trees", "m2"],
    ]);
    expect(proposal?.instruction.validation.map((s) => s.op)).toContain("tune_blend_weights");
  });

  it("adds the feature ops the data calls for once blending has been tried", () => {
    const best = withModels("Boost + more capacity + more capacity", [{ text: "Boosting.", op: "xgboost" }]);
    const history = [trial(best, 0.8), trial(withModels("Boost + more capacity + more capacity + blend", best.model), 0.79)];
    const proposal = proposeImprovement({ ...base(best, []), history }, factsWith("missingValues", "highCardinality"), recipeForRank, 3);
    expect(proposal?.change).toBe(
      "extra features: missing-value indicators, value counts of high-cardinality columns, out-of-fold target encoding, parts of code- and name-like strings, indicators of frequent tokens",
    );
    expect(proposal?.instruction.preprocessing.map((s) => s.op)).toEqual(
      expect.arrayContaining(["missing_indicators", "frequency_encoding", "target_encoding"]),
    );
    expect(proposeImprovement({ ...base(best, []), history }, noFacts, recipeForRank, 3)?.instruction.title).toBe("Boost");
  });
});
