import { describe, expect, it } from "vitest";
import { caseBank } from "../../../src/engines/offline/case-bank.js";
import { removeOp } from "../../../src/engines/offline/edit.js";
import { deriveFacts } from "../../../src/engines/offline/facts.js";
import { createOfflineEngine } from "../../../src/engines/offline/index.js";
import { instantiate, scoreRecipe } from "../../../src/engines/offline/instructor.js";
import type { Instruction } from "../../../src/types/instruction.js";
import { INSTRUCTION_SECTIONS } from "../../../src/types/instruction.js";
import type { DataProfile } from "../../../src/types/profile.js";
import { unitInput } from "./engine-input.js";
import { binaryTabular, makeProfile } from "./profiles.js";

/** A bike-sharing-like profile: hourly timestamps as id, a count target, train-only parts of the count. */
const hourlyCounts = (): DataProfile =>
  makeProfile({
    taskType: "regression",
    metric: "rmsle",
    form: "value",
    label: "count",
    idColumn: "datetime",
    columns: [
      { name: "datetime", kind: "datetime", unique: 1000 },
      { name: "temp", kind: "numeric" },
      { name: "casual", kind: "numeric" },
      { name: "registered", kind: "numeric" },
    ],
    trainOnly: ["casual", "registered"],
    timeColumn: "datetime",
    target: { min: 1, max: 900, skew: 1.3, isCount: true },
    higherIsBetter: false,
  });

/** The instantiated instruction of a bank recipe for a profile. */
function recipeFor(id: string, profile: DataProfile, rank = 1): Instruction {
  const recipe = caseBank().recipes.find((r) => r.id === id);
  if (!recipe) throw new Error(id);
  return instantiate(scoreRecipe(recipe, deriveFacts(profile)), deriveFacts(profile), rank);
}

const ops = (i: Instruction) => INSTRUCTION_SECTIONS.flatMap((s) => i[s]).map((s) => s.op);
const engine = createOfflineEngine();

describe("offline researcher", () => {
  it("flags train-only target-derived columns as critical leakage, naming them", async () => {
    const profile = hourlyCounts();
    const leaky = removeOp(recipeFor("regression-gbm-ridge-blend-log", profile), "drop_leakage");
    const [critique] = (await engine.research(unitInput(profile), [leaky])).value;
    const leak = critique.flaws.find((f) => f.issue.includes("casual"));
    expect(leak?.severity).toBe("critical");
    expect(leak?.issue).toMatch(/casual, registered.*leak/);
  });

  it("flags columns left blank in the test rows as critical, and the Decider's repair drops them", async () => {
    const profile = makeProfile({
      taskType: "regression",
      metric: "rmse",
      form: "value",
      columns: [
        { name: "promo", kind: "numeric" },
        { name: "sales_lag_7", kind: "numeric" },
      ],
      blankInTest: ["sales_lag_7"],
    });
    const plain = removeOp(recipeFor("regression-gbm-xgboost-raw", profile), "drop_leakage");
    const [critique] = (await engine.research(unitInput(profile), [plain])).value;
    const blank = critique.flaws.find((f) => f.issue.includes("blank in the test rows"));
    expect(blank).toMatchObject({ severity: "critical" });
    expect(blank?.issue).toMatch(/^sales_lag_7 are filled in the training rows/);
    const decision = (await engine.decide(unitInput(profile), [plain], [critique])).value;
    expect(ops(decision.instruction)).toContain("drop_leakage");
  });

  it("flags shuffled k-fold on time-ordered rows", async () => {
    const profile = hourlyCounts();
    const [critique] = (await engine.research(unitInput(profile), [recipeFor("regression-gbm-ridge-blend-log", profile)])).value;
    expect(critique.flaws.some((f) => f.severity === "major" && /time by datetime.*shuffled k-fold/.test(f.issue))).toBe(true);
  });

  it("flags labels where the metric needs probabilities", async () => {
    const profile = binaryTabular({ metric: "auc", form: "probability" });
    const [critique] = (await engine.research(unitInput(profile), [recipeFor("tabular-gbm-linear-blend-labels", profile)])).value;
    expect(critique.flaws[0]).toMatchObject({ severity: "critical" });
    expect(critique.flaws[0].issue).toMatch(/class labels.*auc.*probability of the positive class/);
  });

  it("flags a classifier for a numeric target and unhandled text", async () => {
    const profile = makeProfile({
      taskType: "regression",
      metric: "rmse",
      form: "value",
      columns: [{ name: "review", kind: "text", unique: 900 }],
    });
    const candidate = recipeFor("plain-reference-text", profile);
    const noText = removeOp(candidate, "text_tfidf");
    const [withText, without] = (await engine.research(unitInput(profile), [candidate, { ...noText, rank: 2 }])).value;
    expect(withText.flaws.some((f) => /Logistic regression is a classifier/.test(f.issue))).toBe(true);
    expect(without.flaws.some((f) => /review.*never vectorised/.test(f.issue))).toBe(true);
  });

  it("finds nothing to criticise in the best-fitting recipe of a clean task", async () => {
    const profile = binaryTabular();
    const [critique] = (await engine.research(unitInput(profile), [recipeFor("tabular-gbm-linear-blend-labels", profile)])).value;
    expect(critique.flaws).toEqual([]);
    expect(critique.strengths.length).toBeGreaterThan(0);
  });
});

describe("offline decider", () => {
  it("repairs the chosen candidate's flaws and explains them", async () => {
    const profile = hourlyCounts();
    const flawed = removeOp(recipeFor("regression-gbm-ridge-blend-log", profile), "drop_leakage");
    const critiques = (await engine.research(unitInput(profile), [flawed])).value;
    const decision = (await engine.decide(unitInput(profile), [flawed], critiques)).value;
    expect(ops(decision.instruction)).toContain("drop_leakage");
    expect(ops(decision.instruction)).toContain("time_split_cv");
    expect(ops(decision.instruction)).not.toContain("kfold_cv");
    expect(decision.rationale).toMatch(/Chose candidate #1.*Repaired in the final instruction: .*Drop casual, registered/s);
    expect(decision.instruction.summary).toMatch(/Decider's repairs/);
    expect(decision.raceScores).toBeUndefined();
  });

  it("prefers a candidate without critical flaws over a better-ranked one with them", async () => {
    const profile = binaryTabular({ metric: "auc", form: "probability" });
    const labels = recipeFor("tabular-gbm-linear-blend-labels", profile, 1);
    const probs = recipeFor("tabular-xgboost-probability", profile, 2);
    const decision = (await engine.decide(unitInput(profile), [labels, probs], [])).value;
    expect(decision.chosen).toBe(2);
    expect(decision.instruction.submission[0].params?.form).toBe("probability");
  });
});
