import { describe, expect, it } from "vitest";
import { caseBank } from "../../../src/engines/offline/case-bank.js";
import { CONSTANT_OP } from "../../../src/engines/offline/coder/constant.js";
import { contractOf, manifest } from "../../../src/engines/offline/coder/manifest.js";
import { checkPlan, PlanError } from "../../../src/engines/offline/coder/plan-check.js";
import { planBlocks } from "../../../src/engines/offline/coder/plan.js";
import { OPS } from "../../../src/engines/offline/coder/registry.js";
import { renderScript } from "../../../src/engines/offline/coder/render.js";
import { deriveFacts } from "../../../src/engines/offline/facts.js";
import { instantiate, scoreRecipe } from "../../../src/engines/offline/instructor.js";
import { binaryTabular, makeProfile } from "./profiles.js";
import { opCall, opCalls } from "./script-calls.js";

const textProfile = () =>
  makeProfile({
    taskType: "binary",
    metric: "f1",
    form: "label",
    columns: [
      { name: "keyword", kind: "categorical", unique: 200 },
      { name: "text", kind: "text", meanLength: 100 },
    ],
  });
const timeProfile = () =>
  makeProfile({
    taskType: "regression",
    metric: "rmsle",
    form: "value",
    idColumn: null,
    timeColumn: "date",
    columns: [
      { name: "date", kind: "datetime", unique: 1000 },
      { name: "promo", kind: "numeric" },
      { name: "sales_lag_1", kind: "numeric" },
    ],
    blankInTest: ["sales_lag_1"],
  });

describe("op contracts (python/linguacodus_ops/manifest.json)", () => {
  it("give every TypeScript op a Python function that takes each of its parameters", () => {
    // every Python op is a step of plans, or the constant-target solution
    expect([...OPS.keys(), CONSTANT_OP].sort()).toEqual(Object.keys(manifest().ops).sort());
    for (const spec of OPS.values()) {
      const params = Object.keys(contractOf(spec.op).params);
      expect(params, spec.op).toEqual(expect.arrayContaining(Object.keys(spec.parse({}))));
    }
  });

  it("hold for the plan of every recipe on every kind of task", () => {
    const facts = [binaryTabular(), textProfile(), timeProfile()].map(deriveFacts);
    for (const recipe of caseBank().recipes) {
      for (const f of facts.filter((x) => scoreRecipe(recipe, x).applicable)) {
        const plan = planBlocks(f, instantiate(scoreRecipe(recipe, f), f, 1));
        expect(() => checkPlan({ facts: f, quick: false }, plan), recipe.id).not.toThrow();
      }
    }
  });

  it("reject a plan whose step needs names no earlier step defines, before anything runs", () => {
    const facts = deriveFacts(binaryTabular());
    const plan = planBlocks(facts, instantiate(scoreRecipe(caseBank().recipes[0], facts), facts, 1));
    plan.preprocessing = plan.preprocessing.filter((p) => p.spec?.op !== "load_data" && p.spec?.op !== "encode_target");
    expect(() => checkPlan({ facts, quick: false }, plan)).toThrow(PlanError);
    expect(() => checkPlan({ facts, quick: false }, plan)).toThrow(/set_metric \(preprocessing\) needs is_classifier, classes, pos_index/);
  });

  it("reject a parameter the Python op does not take", () => {
    const facts = deriveFacts(binaryTabular());
    const plan = planBlocks(facts, instantiate(scoreRecipe(caseBank().recipes[0], facts), facts, 1));
    const spec = plan.preprocessing.find((p) => p.spec?.op === "load_data")?.spec;
    if (!spec) throw new Error("no load_data step");
    const broken = { ...spec, call: () => ({ ...spec.call({ facts, quick: false }, {}), shuffle: true }) };
    plan.preprocessing = plan.preprocessing.map((p) => (p.spec === spec ? { ...p, spec: broken } : p));
    expect(() => checkPlan({ facts, quick: false }, plan)).toThrow(/load_data: python\/linguacodus_ops has no parameter "shuffle"/);
  });
});

describe("composed scripts", () => {
  it("inline each package module once and call one op per step, in plan order", () => {
    const facts = deriveFacts(binaryTabular());
    const script = renderScript(facts, instantiate(scoreRecipe(caseBank().recipes[0], facts), facts, 1));
    for (const module of ["runtime", "data", "metrics", "features", "encoders", "models", "validation", "submission"]) {
      expect(script.split(`# ---- linguacodus_ops/${module}.py ----`).length - 1, module).toBe(1);
    }
    expect(script).not.toMatch(/^from \./m);
    const ops = opCalls(script).map((line) => line.slice(0, line.indexOf("(")));
    expect(ops.slice(0, 4)).toEqual(["plan_budget", "load_data", "encode_target", "set_metric"]);
    expect(ops.slice(-4)).toEqual(["report_score", "fit_full", "write_submission", "report_actual"]);
    expect(script.indexOf("S = State()")).toBeLessThan(script.indexOf("\nplan_budget("));
  });

  it("drop columns blank in the test rows and add horizon-safe target lags on a forecasting task", () => {
    const facts = deriveFacts(timeProfile());
    expect(facts.columns.blankInTest).toEqual(["sales_lag_1"]);
    const recipe = caseBank().recipes.find((r) => r.id === "time-series-calendar-gbm-log");
    if (!recipe) throw new Error("no time-series recipe");
    const script = renderScript(facts, instantiate(scoreRecipe(recipe, facts), facts, 1));
    expect(opCall(script, "drop_leakage")).toBe('drop_leakage(S, columns=[], blank_in_test=["sales_lag_1"])');
    expect(opCall(script, "target_lags")).toBe('target_lags(S, time_col="date", windows=[1, 4])');
  });
});
