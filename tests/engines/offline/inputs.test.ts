/** What the offline coder passes the Python ops about the task's files: sniffed formats, and a constant target's own script. */
import { describe, expect, it } from "vitest";
import { NoFixError } from "../../../src/engines/engine.js";
import { createOfflineEngine } from "../../../src/engines/offline/index.js";
import { renderScript } from "../../../src/engines/offline/coder/render.js";
import { deriveFacts } from "../../../src/engines/offline/facts.js";
import { plainReference } from "../../../src/engines/offline/vanilla.js";
import { caseBank } from "../../../src/engines/offline/case-bank.js";
import type { DataProfile } from "../../../src/types/profile.js";
import { unitInput } from "./engine-input.js";
import { binaryTabular } from "./profiles.js";
import { opCall } from "./script-calls.js";

const EUROPEAN = { kind: "table" as const, delimiter: ";", encoding: "cp1252", decimal: ",", compression: null };

/** The binary fixture with its training file semicolon-separated, cp1252, decimal commas. */
function europeanTrain(): DataProfile {
  const p = binaryTabular();
  return { ...p, files: p.files.map((f) => (f.name === p.trainFile ? { ...f, format: EUROPEAN } : f)) };
}

/** The binary fixture with every training label "yes". */
function constantTarget(): DataProfile {
  return { ...binaryTabular(), constantTarget: "yes" };
}

describe("the offline coder and the task's files", () => {
  it("passes load_data the sniffed format of each file that is not a plain CSV", () => {
    const facts = deriveFacts(europeanTrain());
    const load = opCall(renderScript(facts, plainReference(caseBank(), facts)), "load_data");
    expect(load).toContain(
      'formats={"input/train.csv": {"kind": "table", "delimiter": ";", "encoding": "cp1252", "decimal": ",", "compression": None}}',
    );
    const plain = deriveFacts(binaryTabular());
    expect(opCall(renderScript(plain, plainReference(caseBank(), plain)), "load_data")).not.toContain("formats=");
  });

  it("solves a constant target with one predict_constant call, never a model, and has nothing to repair", async () => {
    const engine = createOfflineEngine();
    const input = unitInput(constantTarget());
    const script = (await engine.vanilla(input)).value;
    const call = opCall(script, "predict_constant");
    expect(call).toMatch(/^predict_constant\(S, test_path="input\/test\.csv", sample_path="input\/sample_submission\.csv", /);
    expect(call).toContain('value="yes"');
    expect(call).toContain("score=1"); // accuracy: predicting the only value is perfect
    expect(opCall(script, "load_data")).toBeUndefined();
    const instruction = (await engine.rankInstruction(input, 1, 3)).value;
    expect((await engine.writeBlock(input, instruction, "preprocessing", {})).value).toBe(script);
    expect((await engine.writeBlock(input, instruction, "model", {})).value).not.toContain("(S");
    await expect(engine.fix(input, instruction, script, { summary: "exit code 1", error: "boom", stdoutTail: "" })).rejects.toBeInstanceOf(
      NoFixError,
    );
  });
});
