import { describe, expect, it } from "vitest";
import { caseBank } from "../../../src/engines/offline/case-bank.js";
import { estimatePlan, fitPlan } from "../../../src/engines/offline/coder/budget.js";
import { planBlocks } from "../../../src/engines/offline/coder/plan.js";
import { planSecondsFor, renderScript } from "../../../src/engines/offline/coder/render.js";
import { deriveFacts, type ProfileFacts } from "../../../src/engines/offline/facts.js";
import { createOfflineEngine } from "../../../src/engines/offline/index.js";
import { instantiate, rankRecipes } from "../../../src/engines/offline/instructor.js";
import type { DataProfile } from "../../../src/types/profile.js";
import { unitInput } from "./engine-input.js";
import { binaryTabular, makeProfile } from "./profiles.js";
import { opCall } from "./script-calls.js";

/** The top-ranked plan of a profile. */
function topPlan(facts: ProfileFacts) {
  return planBlocks(facts, instantiate(rankRecipes(caseBank(), facts)[0], facts, 1));
}

const text = (rows: number, meanLength: number): DataProfile =>
  makeProfile({
    taskType: "binary",
    metric: "auc",
    form: "probability",
    rows,
    columns: [
      { name: "source", kind: "categorical", unique: 20 },
      { name: "body", kind: "text", meanLength },
    ],
  });

const table = (rows: number): DataProfile =>
  makeProfile({
    taskType: "binary",
    metric: "accuracy",
    form: "label",
    rows,
    columns: [
      ...Array.from({ length: 30 }, (_, i) => ({ name: `x${i}`, kind: "numeric" as const })),
      { name: "code", kind: "categorical", unique: 5000 },
      { name: "colour", kind: "categorical", unique: 8 },
    ],
  });

describe("plan budget", () => {
  it("gives small tables a smaller budget and whole-solve tasks at most 150 s of the run's limit", () => {
    expect(planSecondsFor(deriveFacts(table(900)))).toBe(90);
    expect(planSecondsFor(deriveFacts(table(20_000)))).toBe(150);
    expect(planSecondsFor(deriveFacts(table(20_000)), 60)).toBe(43);
    expect(planSecondsFor(deriveFacts(text(900, 80)))).toBe(150);
  });

  it("leaves a plan that fits untouched and prints its estimate before the run", () => {
    const facts = deriveFacts(binaryTabular({ rows: 800 }));
    const { estimate } = fitPlan(facts, topPlan(facts), 150);
    expect(estimate.cuts).toEqual([]);
    const script = renderScript(facts, instantiate(rankRecipes(caseBank(), facts)[0], facts, 1));
    expect(opCall(script, "plan_budget")).toMatch(
      /^plan_budget\(S, seconds=90, limit=150, estimate=\d+, parts=\{"features": [\d.]+, .*"refit": [\d.]+\}, cuts=\[/,
    );
    expect(opCall(script, "report_actual")).toBe("report_actual(S)");
  });

  it("counts every pass of repeated k-fold and, over budget, keeps one pass before trimming any model", () => {
    const facts = deriveFacts(binaryTabular({ rows: 800 }));
    const plan = topPlan(facts);
    expect(opCall(renderScript(facts, instantiate(rankRecipes(caseBank(), facts)[0], facts, 1)), "kfold_cv")).toContain("repeats=3");
    const three = estimatePlan(facts, plan);
    const { plan: cut, estimate } = fitPlan(facts, plan, 0.8 * three.total);
    const one = estimatePlan(facts, cut);
    expect(estimate.cuts[0]).toBe("one pass of the validation folds instead of 3");
    expect(three.parts.rf / one.parts.rf).toBeCloseTo(3, 1);
    expect(three.parts.refit).toBeCloseTo(one.parts.refit, 5);
  });

  it("cuts an 80,000-row table down to fit: trimmed ensembles, sampled validation", () => {
    const facts = deriveFacts(table(80_000));
    const before = estimatePlan(facts, topPlan(facts)).total;
    const { plan, estimate } = fitPlan(facts, topPlan(facts), 150);
    expect(before).toBeGreaterThan(120);
    expect(estimate.total).toBeLessThanOrEqual(120);
    expect(estimate.cuts.length).toBeGreaterThan(0);
    expect(estimatePlan(facts, plan).total).toBeCloseTo(estimate.total, -1);
  });

  it("switches large sparse text to SGD and caps vocabularies", () => {
    const facts = deriveFacts(text(100_000, 200));
    const { plan, estimate } = fitPlan(facts, topPlan(facts), 150);
    expect(estimate.cuts.some((c) => /replaced by SGD on 30M characters/.test(c))).toBe(true);
    expect(estimate.cuts).toContain("text vocabularies capped at 20000 terms, character n-grams up to 4");
    const ops = Object.values(plan).flatMap((steps) => steps.flatMap((p) => (p.spec ? [p.spec.op] : [])));
    expect(ops).toContain("sgd_linear");
    expect(ops).not.toContain("logistic_regression");
    expect(estimate.total).toBeLessThanOrEqual(120);
  });

  it("trains on a sample of rows only when nothing else makes a very large task fit", () => {
    const facts = deriveFacts(table(2_000_000));
    const { estimate } = fitPlan(facts, topPlan(facts), 150);
    expect(estimate.cuts.at(-1)).toMatch(/^training on a sample of \d+ of 2000000 rows$/);
    expect(estimate.total).toBeLessThanOrEqual(120);
  });

  it("writes the estimate and the cuts into the final instruction", async () => {
    const profile = table(80_000);
    const engine = createOfflineEngine();
    const input = unitInput(profile);
    const candidates = await Promise.all([1, 2].map(async (rank) => (await engine.rankInstruction(input, rank, 2)).value));
    const decision = (await engine.decide(input, candidates, (await engine.research(input, candidates)).value)).value;
    expect(decision.instruction.summary).toMatch(/Plan estimate: about \d+ s of a 150 s budget\. Cut to fit: .+\./);
  });
});
