import { describe, expect, it } from "vitest";
import { proposeImprovement } from "../../../src/engines/offline/improver.js";
import type { ImprovementBase } from "../../../src/engines/engine.js";
import type { Trial } from "../../../src/types/trial.js";
import { instruction } from "../../helpers/fakes.js";
import type { Instruction } from "../../../src/types/instruction.js";

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
    const proposal = proposeImprovement(base(boosted("Boost"), ["Boost"]), recipeForRank, 3);
    expect(proposal?.change).toBe("more capacity for the best model: n_estimators 300→600, learning_rate 0.1→0.05");
    expect(proposal?.instruction.model[0].params).toEqual({ n_estimators: 600, learning_rate: 0.05, max_depth: 4 });
    expect(proposal?.instruction.title).toBe("Boost + more capacity");
  });
  it("then the best-fitting recipe nobody tried, and nothing once every one was tried", () => {
    const tuned = proposeImprovement(base(boosted("Boost"), ["Boost", "Boost + more capacity"]), recipeForRank, 3);
    expect(tuned?.instruction.title).toBe("Forest");
    const twice = boosted("Boost + more capacity + more capacity");
    expect(proposeImprovement(base(twice, ["Boost", "Forest"]), recipeForRank, 3)?.instruction.title).toBe("Linear");
    expect(proposeImprovement(base(instruction(1, "Boost"), ["Boost", "Forest", "Linear"]), recipeForRank, 3)).toBeNull();
  });
});
