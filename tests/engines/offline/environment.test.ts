import { describe, expect, it } from "vitest";
import { createOfflineEngine } from "../../../src/engines/offline/index.js";
import { adaptToEnvironment } from "../../../src/engines/offline/environment.js";
import { hasOp, stepsOf } from "../../../src/engines/offline/edit.js";
import { caseBank } from "../../../src/engines/offline/case-bank.js";
import { deriveFacts } from "../../../src/engines/offline/facts.js";
import { plainReference } from "../../../src/engines/offline/vanilla.js";
import type { Environment } from "../../../src/types/environment.js";
import type { EngineInput } from "../../../src/engines/engine.js";
import { binaryTabular } from "./profiles.js";
import { FakeExecutor } from "../../helpers/fakes.js";
import { opCall } from "./script-calls.js";

const base: Environment = {
  python: "3.11.2",
  implementation: "CPython",
  libraries: { numpy: "1.24.2", pandas: "1.5.3", "scikit-learn": "1.2.1", xgboost: "1.7.4" },
  missing: ["lightgbm"],
  cpus: 2,
  gpus: [],
};

describe("the offline engine reads the environment probe", () => {
  const facts = deriveFacts(binaryTabular());
  const reference = plainReference(caseBank(), facts);

  it("uses LightGBM for gradient boosting where lightgbm is installed, keeping the boosting settings", () => {
    expect(hasOp(reference, "hist_gradient_boosting")).toBe(true);
    const withLgbm = adaptToEnvironment(reference, { ...base, libraries: { ...base.libraries, lightgbm: "4.3.0" }, missing: [] });
    expect(hasOp(withLgbm, "hist_gradient_boosting")).toBe(false);
    const [step] = stepsOf(withLgbm, "lightgbm");
    expect(step).toMatchObject({ library: "lightgbm", params: { name: "hgb", n_estimators: 100, num_leaves: 31 } });
  });

  it("leaves the recipe alone without lightgbm, or without a probe result", () => {
    expect(adaptToEnvironment(reference, base)).toEqual(reference);
    expect(adaptToEnvironment(reference, null)).toEqual(reference);
  });

  it("calls the lightgbm op in the vanilla script, and drops xgboost steps where xgboost is missing", async () => {
    const input = (environment: Environment): EngineInput => ({
      task: { dir: "/t", title: "t", description: "d", files: [] },
      profile: binaryTabular(),
      runDir: "/tmp/none",
      executor: new FakeExecutor(),
      environment,
    });
    const engine = createOfflineEngine();
    const lgbm = await engine.vanilla(input({ ...base, libraries: { ...base.libraries, lightgbm: "4.3.0" } }));
    expect(opCall(lgbm.value, "lightgbm")).toMatch(/^lightgbm\(S, name="hgb", weight=1, n_estimators=100, /);
    expect(opCall(lgbm.value, "hist_gradient_boosting")).toBeUndefined();
    const plain = await engine.vanilla(input(base));
    expect(opCall(plain.value, "hist_gradient_boosting")).toMatch(/^hist_gradient_boosting\(S, name="hgb"/);
    expect(opCall(plain.value, "lightgbm")).toBeUndefined();
    const withXgb = { ...reference, model: [...reference.model, { text: "XGBoost.", op: "xgboost", params: {} }] };
    const noXgb = adaptToEnvironment(withXgb, { ...base, libraries: { numpy: "1", pandas: "1", "scikit-learn": "1.2" } });
    expect(hasOp(noXgb, "xgboost")).toBe(false);
  });
});
