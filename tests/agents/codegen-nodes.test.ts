import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { codeModelNode, codePreprocessingNode, codeSubmissionNode, codeTrainingNode } from "../../src/agents/code-block.js";
import { codeVanillaNode } from "../../src/agents/code-vanilla.js";
import { integrateNode } from "../../src/agents/integrate.js";
import { fixNode } from "../../src/agents/fix.js";
import { afterFix, afterCodeWritten } from "../../src/graph/linguacodus/routes.js";
import { currentAttempt, currentFailure, fixAttempts, fixHistory, mergeAttempts } from "../../src/graph/linguacodus/attempts.js";
import { NoFixError, type FailureReport } from "../../src/engines/engine.js";
import type { Attempt } from "../../src/types/attempt.js";
import type { State, StateUpdate } from "../../src/graph/linguacodus/state.js";
import { describeProfile } from "../../src/tools/task/describe-profile.js";
import { renderInstructionMarkdown } from "../../src/types/instruction.js";
import {
  attempt,
  execResult,
  FakeExecutor,
  failedAttempt,
  fakeEngine,
  fakeModelEngine,
  fenced,
  instruction,
  nodeConfig,
  useTinyRun,
  readArtifact,
} from "../helpers/fakes.js";

const { run, freshState } = useTinyRun();

/** Applies an update the way the graph's reducers would (blocks merge, usage appends, attempts merge by version). */
function apply(state: State, update: StateUpdate): State {
  return {
    ...state,
    ...update,
    blocks: { ...state.blocks, ...(update.blocks ?? {}) },
    usage: [...state.usage, ...(update.usage ?? [])],
    attempts: mergeAttempts(state.attempts, update.attempts ?? []),
  };
}

/** The attempt an update writes (its only one). */
function written(update: StateUpdate) {
  expect(update.attempts).toHaveLength(1);
  return update.attempts![0];
}

const final = instruction(1, "Forest final");

describe("code block nodes (model engine, fake coder)", () => {
  it("write each block from the instruction and profile, passing earlier blocks on, with artifacts", async () => {
    const code = {
      preprocessing: "import pandas as pd\ntrain = pd.read_csv('input/train.csv')",
      model: "from sklearn.ensemble import RandomForestClassifier\nmodel = RandomForestClassifier()",
      training: "model.fit(X, y)\nprint('VALIDATION_SCORE: 0.5')",
      submission: "pd.DataFrame({'id': test_ids, 'label': model.predict(X_test)}).to_csv('submission.csv', index=False)",
    };
    const { engine, models } = fakeModelEngine({
      coder: [fenced(code.preprocessing), fenced(code.model), fenced(code.training), fenced(code.submission)],
    });
    const config = nodeConfig({}, { engine, executor: new FakeExecutor() });
    let state = freshState({ instruction: final });
    for (const node of [codePreprocessingNode, codeModelNode, codeTrainingNode, codeSubmissionNode]) {
      state = apply(state, await node(state, config));
    }
    // extractCode ends code with a newline; compare the code itself
    expect(Object.fromEntries(Object.entries(state.blocks).map(([k, v]) => [k, v!.trimEnd()]))).toEqual(code);
    expect(state.blockErrors).toEqual([]);
    expect(state.usage.map((u) => u.role)).toEqual(["coder", "coder", "coder", "coder"]);

    const coder = models.coder!;
    expect(coder.calls).toHaveLength(4);
    const first = coder.promptText(0);
    expect(first).toContain("Write the DATA PREPROCESSING block");
    expect(first).toContain(describeProfile(run().profile));
    expect(first).toContain(renderInstructionMarkdown(final));
    expect(first).toContain("separate the target `label`, keep the test ids (`id`)");
    expect(first).toContain("# (nothing yet)");
    const second = coder.promptText(1);
    expect(second).toContain("Write the MODEL ARCHITECTURE block");
    expect(second).toContain(`# ---- preprocessing ----\n${code.preprocessing}`);
    expect(coder.promptText(2)).toContain("computing the task's\nmetric (accuracy)");
    const last = coder.promptText(3);
    expect(last).toContain("Write the SUBMISSION block");
    expect(last).toContain("exactly the columns of `input/sample_submission.csv` (id, label)");
    expect(last).toContain("Submission form: label");
    expect(last).toContain(`# ---- training ----\n${code.training}`);

    for (const block of ["preprocessing", "model", "training", "submission"] as const) {
      expect(readArtifact(state.runDir!, `code/blocks/${block}.py`).trimEnd()).toBe(code[block]);
      expect(readArtifact(state.runDir!, `code/blocks/${block}.py`).startsWith(state.blocks[block]!)).toBe(true);
      expect(readArtifact(state.runDir!, `raw/coder-${block}.1.txt`)).toBe(fenced(code[block]));
    }
  });

  it("names R as the decisive cause of a block without Python, and never executes that script", async () => {
    const r = "```r\nlibrary(xgboost)\ntrain <- read.csv('input/train.csv')\n```";
    const { engine } = fakeModelEngine({ coder: [fenced("x = 1"), r, fenced("y = 2"), fenced("z = 3")] });
    const config = nodeConfig({ maxFixes: 1 }, { engine, executor: new FakeExecutor() });
    let state = freshState({ instruction: final });
    for (const node of [codePreprocessingNode, codeModelNode, codeTrainingNode, codeSubmissionNode]) {
      state = apply(state, await node(state, config));
    }
    const integrated = apply(state, await integrateNode(state, config));
    expect(currentAttempt(integrated.attempts)?.failure?.summary).toBe(
      "code generation returned no code for block model: coder: the reply contained R, not Python (fences: r)",
    );
    expect(afterCodeWritten(integrated, config)).toBe("fix");
  });

  it("a script whose blocks hold only comments is a failure routed to the fixer, never to execute", async () => {
    const state = freshState({
      instruction: final,
      blocks: { preprocessing: "# load", model: "# model", training: "# train", submission: "# write" },
    });
    const integrated = apply(state, await integrateNode(state, nodeConfig({ maxFixes: 2 })));
    expect(currentAttempt(integrated.attempts)).toMatchObject({ execution: null, origin: "blocks" });
    expect(currentAttempt(integrated.attempts)?.failure?.summary).toBe("the script has no code to run: every block holds only comments");
    expect(afterCodeWritten(integrated, nodeConfig({ maxFixes: 2 }))).toBe("fix");
    expect(afterCodeWritten(integrated, nodeConfig({ maxFixes: 0 }))).toBe("report");
  });

  it("record a code-less reply in blockErrors (raw reply kept), and integrate turns it into a failure", async () => {
    const { engine } = fakeModelEngine({ coder: [fenced("x = 1"), "Sorry, I cannot write that.", fenced("y = 2"), fenced("z = 3")] });
    const config = nodeConfig({}, { engine, executor: new FakeExecutor() });
    let state = freshState({ instruction: final });
    for (const node of [codePreprocessingNode, codeModelNode, codeTrainingNode, codeSubmissionNode]) {
      state = apply(state, await node(state, config));
    }
    expect(Object.fromEntries(Object.entries(state.blocks).map(([k, v]) => [k, v!.trimEnd()]))).toEqual({
      preprocessing: "x = 1",
      model: "",
      training: "y = 2",
      submission: "z = 3",
    });
    expect(state.blockErrors).toHaveLength(1);
    expect(state.blockErrors[0]).toMatch(/^block model: coder: /);
    expect(readArtifact(state.runDir!, "raw/coder-model.1.txt")).toBe("Sorry, I cannot write that.");
    expect(existsSync(join(state.runDir!, "code/blocks/model.py"))).toBe(false);

    const integrated = await integrateNode(state, nodeConfig());
    expect(written(integrated)).toMatchObject({ version: 1, codePath: join(state.runDir!, "code/solution.v1.py"), execution: null });
    expect(written(integrated).failure).toEqual({
      summary:
        "code generation returned no code for block model: coder: the model reply contains no Python code (no code fence, and it reads as prose)",
      error: state.blockErrors[0],
      stdoutTail: "",
    });
    expect(integrated.code).toContain("# (no code: the coder returned none for model)");
    expect(readArtifact(state.runDir!, "code/solution.v1.py")).toBe(integrated.code);
    const routed = apply(state, integrated);
    expect(afterCodeWritten(routed, nodeConfig({ maxFixes: 3 }))).toBe("fix");
    expect(afterCodeWritten(routed, nodeConfig({ maxFixes: 0 }))).toBe("report");
  });

  it("throw without an instruction", async () => {
    const { engine } = fakeModelEngine({ coder: [fenced("x = 1")] });
    await expect(codeModelNode(freshState(), nodeConfig({}, { engine, executor: new FakeExecutor() }))).rejects.toThrow(
      /code-model needs an instruction/,
    );
  });
});

describe("integrate node", () => {
  it("joins the four blocks in order into the next solution version with no failure", async () => {
    const base = freshState();
    const state = freshState({
      runDir: base.runDir,
      instruction: final,
      attempts: [attempt(base.runDir!, 1), attempt(base.runDir!, 2)],
      blocks: { submission: "write()", training: "train()", preprocessing: "prep()", model: "build()" },
    });
    const update = await integrateNode(state, nodeConfig());
    expect(written(update)).toMatchObject({ version: 3, origin: "blocks", fix: null, failure: null, endedAt: null });
    expect(apply(state, update).attempts.map((a) => a.version)).toEqual([1, 2, 3]);
    const code = update.code!;
    expect(code.startsWith("# Linguacodus solution: Forest final\n# Task: Tiny churn\n")).toBe(true);
    const order = ["prep()", "build()", "train()", "write()"].map((s) => code.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(code).toContain("# ======== preprocessing ========\nprep()");
    expect(readArtifact(state.runDir!, "code/solution.v3.py")).toBe(code);
    expect(existsSync(join(state.runDir!, "code/solution.v1.py"))).toBe(false);
  });

  it("throws without a run directory", async () => {
    await expect(integrateNode({ ...freshState(), runDir: undefined }, nodeConfig())).rejects.toThrow(/run directory/);
  });
});

describe("code-vanilla node", () => {
  it("writes a whole solution from the description and profile as solution.v1.py", async () => {
    const script = "import pandas as pd\nprint('VALIDATION_SCORE: 0.7')";
    const { engine, models } = fakeModelEngine({ coder: [fenced(script)] });
    const state = freshState();
    const update = await codeVanillaNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(written(update)).toMatchObject({
      version: 1,
      origin: "vanilla",
      failure: null,
      codePath: join(state.runDir!, "code/solution.v1.py"),
    });
    expect(update.code!.trimEnd()).toBe(script);
    const prompt = models.coder!.promptText(0);
    expect(prompt).toContain("You write complete Python solutions");
    expect(prompt).toContain("Predict whether a customer leaves.");
    expect(prompt).toContain("metric (accuracy)");
    expect(prompt).toContain("`input/sample_submission.csv` (id, label)");
    expect(readArtifact(state.runDir!, "code/solution.v1.py")).toBe(update.code);
    expect(readArtifact(state.runDir!, "raw/coder-vanilla.1.txt")).toBe(fenced(script));
  });

  it("turns a code-less reply into a failure for the fixer, keeping a placeholder script", async () => {
    const { engine } = fakeModelEngine({ coder: ["No."] });
    const state = freshState();
    const update = await codeVanillaNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(written(update).version).toBe(1);
    expect(written(update).failure?.summary).toBe(
      "code generation returned no code: coder: the model reply contains no Python code (no code fence, and it reads as prose)",
    );
    expect(written(update).failure?.error).toMatch(/^coder: /);
    expect(readArtifact(state.runDir!, "code/solution.v1.py")).toBe("# the coder returned no code\n");
    expect(readArtifact(state.runDir!, "raw/coder-vanilla.1.txt")).toBe("No.");
  });
});

describe("fix node", () => {
  const failure = {
    summary: "the script failed: exit code 1",
    error: "NameError: name 'X_tset' is not defined",
    stdoutTail: "loading data",
  };
  const broken = "print(X_tset)\n";
  /** A fresh state whose version 1 (`broken`) ran and failed, with `extra` on that attempt. */
  const failedOnce = (extra: Partial<Attempt> = {}, state: Partial<State> = {}) => {
    const base = freshState({ code: broken, ...state });
    return { ...base, attempts: [failedAttempt(base.runDir!, 1, failure, extra)] };
  };
  const noCode = { change: "none: the fixer's reply held no code", escalated: false, noCode: "fixer: the reply was prose" };

  it("sends script, error and output tail to the fixer and writes the next script version as a new attempt", async () => {
    const fixedCode = "print(X_test)";
    const { engine, models } = fakeModelEngine({ fixer: [fenced(fixedCode)] });
    const state = failedOnce({}, { instruction: final, blockErrors: ["block model: old"] });
    const update = await fixNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(update.blockErrors).toEqual([]);
    expect(written(update)).toMatchObject({
      version: 2,
      codePath: join(state.runDir!, "code/solution.v2.py"),
      origin: "fix",
      fix: { change: expect.stringMatching(/^\+1 −1 lines/), escalated: false },
      execution: null,
      failure: null,
    });
    expect(update.code!.trimEnd()).toBe(fixedCode);
    expect(update.usage).toEqual([expect.objectContaining({ role: "fixer" })]);
    const prompt = models.fixer!.promptText(0);
    expect(prompt).toContain("```python\nprint(X_tset)");
    expect(prompt).toContain("It failed: the script failed: exit code 1");
    expect(prompt).toContain("NameError: name 'X_tset' is not defined");
    expect(prompt).toContain("loading data");
    expect(prompt).toContain(renderInstructionMarkdown(final));
    expect(readArtifact(state.runDir!, "code/solution.v2.py")).toBe(update.code);
    expect(readArtifact(state.runDir!, "raw/fixer-1.1.txt")).toBe(fenced(fixedCode));
    const after = apply(state, update);
    expect(fixAttempts(after.attempts)).toBe(1);
    expect(fixHistory(after.attempts)).toEqual([
      expect.objectContaining({ attempt: 1, codeVersion: 1, errorClass: "error", change: written(update).fix!.change, escalated: false }),
    ]);
    expect(afterFix(after, nodeConfig())).toBe("execute");
  });

  it("says there is no instruction for a vanilla script", async () => {
    const { engine, models } = fakeModelEngine({ fixer: [fenced("pass")] });
    await fixNode(failedOnce({ origin: "vanilla" }), nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(models.fixer!.promptText(0)).toContain("(none: a direct solution from the task description)");
  });

  it("counts a code-less reply as a spent attempt on the version it was to fix, and keeps the failure", async () => {
    const { engine, models } = fakeModelEngine({ fixer: ["I think the bug is a typo."] });
    const state = failedOnce({ fixesWithoutCode: [noCode] });
    const update = await fixNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    // the fixer was told why its previous reply was refused
    expect(models.fixer!.promptText(0)).toContain("the fixer's reply held no code: fixer: the reply was prose");
    expect(written(update)).toMatchObject({
      version: 1,
      fixesWithoutCode: [noCode, { ...noCode, noCode: expect.stringMatching(/^fixer: /) }],
    });
    expect(update.code).toBeUndefined();
    const after = apply(state, update);
    expect(after.attempts).toHaveLength(1);
    expect(fixAttempts(after.attempts)).toBe(2);
    expect(currentFailure(after.attempts)).toEqual({
      ...failure,
      summary:
        "the script failed: exit code 1; the fixer's reply held no code: fixer: the model reply contains no Python code (no code fence, and it reads as prose)",
    });
    expect(readArtifact(state.runDir!, "raw/fixer-2.1.txt")).toBe("I think the bug is a typo.");
    expect(existsSync(join(state.runDir!, "code/solution.v2.py"))).toBe(false);
    expect(afterFix(after, nodeConfig({ maxFixes: 3 }))).toBe("fix");
    expect(afterFix(after, nodeConfig({ maxFixes: 2 }))).toBe("report");
  });

  it("escalates the same error twice in a row: the fixer is told to regenerate, and the attempt says so", async () => {
    const reports: FailureReport[] = [];
    const engine = fakeEngine({
      fix: async (_input, _instruction, _code, report) => {
        reports.push(report);
        return { value: "print('regenerated')\n", usage: [], raw: [] };
      },
    });
    const base = failedOnce();
    const state = { ...base, attempts: [...base.attempts, failedAttempt(base.runDir!, 2, failure)] };
    const update = await fixNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(reports[0]).toMatchObject({ escalate: true, history: [expect.objectContaining({ attempt: 1, codeVersion: 1 })] });
    expect(written(update)).toMatchObject({ version: 3, fix: { escalated: true } });
    expect(fixHistory(apply(state, update).attempts).map((h) => [h.attempt, h.codeVersion, h.escalated])).toEqual([
      [1, 1, false],
      [2, 2, true],
    ]);
  });

  it("fixes the open failure again when the previous fix wrote a script of comments only", async () => {
    const { engine } = fakeModelEngine({ fixer: [fenced("print(1)")] });
    const base = failedOnce();
    const state = { ...base, code: "# nothing\n", attempts: [...base.attempts, attempt(base.runDir!, 2)] };
    expect(currentFailure(state.attempts)).toEqual(failure);
    const update = await fixNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(written(update).version).toBe(3);
    expect(fixHistory(apply(state, update).attempts).map((h) => h.codeVersion)).toEqual([1, 2]);
  });

  it("ends the run as failed when the engine knows no fix", async () => {
    const engine = fakeEngine({
      fix: async () => {
        throw new NoFixError("no rule matches this traceback");
      },
    });
    const state = failedOnce();
    const update = await fixNode(state, nodeConfig({}, { engine, executor: new FakeExecutor() }));
    expect(update).toMatchObject({ status: "failed", error: "no fix available: no rule matches this traceback" });
    const after = apply(state, update);
    expect(fixAttempts(after.attempts)).toBe(1);
    expect(fixHistory(after.attempts)).toEqual([
      expect.objectContaining({ attempt: 1, codeVersion: 1, change: "no fix available", escalated: false }),
    ]);
    expect(afterFix(after, nodeConfig({ maxFixes: 5 }))).toBe("report");
  });

  it("lets other engine errors through", async () => {
    const engine = fakeEngine({ fix: async () => Promise.reject(new Error("socket hang up")) });
    await expect(fixNode(failedOnce(), nodeConfig({}, { engine, executor: new FakeExecutor() }))).rejects.toThrow("socket hang up");
  });

  it("needs a script and a failure", async () => {
    const engine = fakeEngine();
    const config = nodeConfig({}, { engine, executor: new FakeExecutor() });
    await expect(fixNode(freshState({ code: broken }), config)).rejects.toThrow(/needs a script and a failure/);
    const passed = freshState({ code: broken });
    passed.attempts = [attempt(passed.runDir!, 1, { execution: execResult(), check: { ok: true, problems: [], validationScore: 1 } })];
    await expect(fixNode(passed, config)).rejects.toThrow(/needs a script and a failure/);
  });
});
