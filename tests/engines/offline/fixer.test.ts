import { describe, expect, it } from "vitest";
import { NoFixError, type FailureReport } from "../../../src/engines/engine.js";
import { createOfflineEngine } from "../../../src/engines/offline/index.js";
import { renderScript } from "../../../src/engines/offline/coder/render.js";
import { deriveFacts } from "../../../src/engines/offline/facts.js";
import { unitInput } from "./engine-input.js";
import { binaryTabular } from "./profiles.js";
import { opCall } from "./script-calls.js";

const engine = createOfflineEngine();
const profile = binaryTabular();
const failure = (error: string, summary = "exit code 1"): FailureReport => ({ summary, error, stdoutTail: "" });

/** The first of the top three candidates that trains XGBoost, rendered. */
async function xgboostSolution() {
  const candidates = await Promise.all([1, 2, 3].map(async (rank) => (await engine.rankInstruction(unitInput(profile), rank, 3)).value));
  const instruction = candidates.find((c) => c.model.some((s) => s.op === "xgboost"));
  if (!instruction) throw new Error("no candidate trains XGBoost");
  return { instruction, code: renderScript(deriveFacts(profile), instruction) };
}

describe("offline fixer", () => {
  it("falls back to HistGradientBoosting when xgboost is missing", async () => {
    const { instruction, code } = await xgboostSolution();
    expect(opCall(code, "xgboost")).toMatch(/^xgboost\(S, name="xgb"/);
    const fixed = (await engine.fix(unitInput(profile), instruction, code, failure("ModuleNotFoundError: No module named 'xgboost'")))
      .value;
    expect(opCall(fixed, "xgboost")).toBeUndefined();
    expect(opCall(fixed, "hist_gradient_boosting")).toMatch(
      /^hist_gradient_boosting\(S, name="xgb", weight=1, learning_rate=0\.\d+, max_iter=\d+,/,
    );
    expect(fixed).toContain("# Offline fixer repairs: xgboost-unavailable");
  });

  it("shrinks rows and trees on memory errors, up to three times, then gives up honestly", async () => {
    const { instruction, code } = await xgboostSolution();
    let current = code;
    for (const rows of [500, 250, 200]) {
      current = (await engine.fix(unitInput(profile), instruction, current, failure("MemoryError: Unable to allocate 3.2 GiB"))).value;
      // with the profile's row count beside it, the sample is drawn while reading: the whole file never has to fit in memory
      expect(opCall(current, "load_data")).toContain(`max_rows=${rows}, train_rows=1000)`);
    }
    expect(opCall(current, "xgboost")).toMatch(/^xgboost\(S, name="xgb", weight=1, n_estimators=75,/);
    await expect(engine.fix(unitInput(profile), instruction, current, failure("MemoryError"))).rejects.toThrow(
      /out-of-memory.*already applied 3 time/,
    );
  });

  it("writes labels exactly as in train when the validator rejects their spelling", async () => {
    const instruction = (await engine.rankInstruction(unitInput(profile), 1, 3)).value;
    const code = renderScript(deriveFacts(profile), instruction);
    const problem = 'column "target" has 418 values that are not valid classes (e.g. "True"); allowed: "0", "1"';
    const fixed = (await engine.fix(unitInput(profile), instruction, code, failure(problem, `invalid submission: ${problem}`))).value;
    expect(opCall(fixed, "write_submission")).toMatch(/^write_submission\(S, form="label", label_style="train"/);
  });

  it("throws NoFixError for failures it has no repair for, or for foreign code", async () => {
    const instruction = (await engine.rankInstruction(unitInput(profile), 1, 3)).value;
    const code = renderScript(deriveFacts(profile), instruction);
    await expect(engine.fix(unitInput(profile), instruction, code, failure("KeyError: 'Cabin_deck'"))).rejects.toBeInstanceOf(NoFixError);
    await expect(engine.fix(unitInput(profile), instruction, "print('hello')", failure("MemoryError"))).rejects.toThrow(
      /only repairs scripts rendered by the offline coder/,
    );
  });

  it("repairs the vanilla script without an instruction", async () => {
    const code = (await engine.vanilla(unitInput(profile))).value;
    const fixed = (await engine.fix(unitInput(profile), null, code, failure("", "limit: wall"))).value;
    expect(fixed).toContain("# Offline fixer repairs: too-slow");
    expect(opCall(fixed, "kfold_cv")).toMatch(/^kfold_cv\(S, folds=3/);
  });
});
