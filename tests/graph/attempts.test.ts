import { describe, expect, it } from "vitest";
import { END, START, StateGraph } from "@langchain/langgraph";
import {
  awaitsExecution,
  currentAttempt,
  currentFailure,
  currentVersion,
  finalScript,
  fixAttempts,
  fixHistory,
  lastCheck,
  lastExecution,
  mergeAttempts,
  writtenAttempt,
} from "../../src/graph/linguacodus/attempts.js";
import { LinguacodusState } from "../../src/graph/linguacodus/state.js";
import { attempt, execResult, failedAttempt } from "../helpers/fakes.js";

const R = "/run";
const nameError = {
  summary: "the script failed (exit code 1): NameError: name 'X_tset' is not defined",
  error:
    "Traceback (most recent call last):\n  File \"/w/solution.py\", line 3, in <module>\n    print(X_tset)\nNameError: name 'X_tset' is not defined",
  stdoutTail: "",
};
const keyError = {
  summary: "the script failed (exit code 1): KeyError: 'label'",
  error: "Traceback (most recent call last):\nKeyError: 'label'",
  stdoutTail: "",
};
const noCode = (reason: string) => ({ change: "none: the fixer's reply held no code", escalated: false, noCode: reason });
const ok = { ok: true, problems: [], validationScore: 0.9 };

describe("the attempts reducer", () => {
  it("appends new versions in version order", () => {
    const merged = mergeAttempts([attempt(R, 1)], [attempt(R, 3), attempt(R, 2)]);
    expect(merged.map((a) => a.version)).toEqual([1, 2, 3]);
  });

  it("replaces a version's record instead of adding one: a step that runs again never duplicates", () => {
    const written = [attempt(R, 1), attempt(R, 2)];
    const executed = { ...attempt(R, 2), execution: execResult({ durationMs: 5 }) };
    const once = mergeAttempts(written, [executed]);
    const twice = mergeAttempts(once, [{ ...executed, execution: execResult({ durationMs: 7 }) }]);
    expect(twice).toHaveLength(2);
    expect(twice[1].execution?.durationMs).toBe(7);
    expect(mergeAttempts(twice, twice)).toEqual(twice);
  });

  it("is the state channel's reducer: the same attempt written by a step and by its rerun is one record", async () => {
    const record = writtenAttempt({ version: 1, codePath: `${R}/code/solution.v1.py`, origin: "blocks" });
    const graph = new StateGraph(LinguacodusState)
      .addNode("write", () => ({ attempts: [record] }))
      .addNode("rerun", () => ({ attempts: [{ ...record, execution: execResult() }] }))
      .addNode("fix", () => ({ attempts: [attempt(R, 2)] }))
      .addEdge(START, "write")
      .addEdge("write", "rerun")
      .addEdge("rerun", "fix")
      .addEdge("fix", END)
      .compile();
    const final = await graph.invoke({ taskDir: "/task" });
    expect(final.attempts.map((a) => [a.version, a.execution !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
  });
});

describe("what the attempts say", () => {
  it("nothing before the first version", () => {
    expect(currentAttempt([])).toBeUndefined();
    expect(currentVersion([])).toBe(0);
    expect(awaitsExecution([])).toBe(false);
    expect(fixAttempts([])).toBe(0);
    expect(lastExecution([])).toBeNull();
    expect(lastCheck([])).toBeNull();
    expect(currentFailure([])).toBeNull();
    expect(fixHistory([])).toEqual([]);
    expect(finalScript([])).toBeNull();
  });

  it("a version just written awaits execution; one known to fail without running is ended at once", () => {
    const fresh = writtenAttempt({ version: 1, codePath: "/c.py", origin: "vanilla" });
    expect(fresh).toMatchObject({ fix: null, fixesWithoutCode: [], execution: null, check: null, failure: null, endedAt: null });
    expect(awaitsExecution([fresh])).toBe(true);
    const empty = writtenAttempt({ version: 1, codePath: "/c.py", origin: "blocks", failure: nameError });
    expect(empty.endedAt).toBe(empty.startedAt);
  });

  it("the current version, the fix attempts, the last execution and check, and the final script", () => {
    const attempts = [
      failedAttempt(R, 1, nameError, { fixesWithoutCode: [noCode("prose")] }),
      failedAttempt(R, 2, keyError),
      attempt(R, 3, { execution: execResult({ durationMs: 77 }) }),
    ];
    expect(currentVersion(attempts)).toBe(3);
    expect(awaitsExecution(attempts)).toBe(false);
    // one reply without code, and two fixes that wrote v2 and v3
    expect(fixAttempts(attempts)).toBe(3);
    expect(lastExecution(attempts)?.durationMs).toBe(77);
    // v3 ran and is not checked yet: the last check is v2's
    expect(lastCheck(attempts)?.problems).toEqual([keyError.summary]);
    expect(finalScript(attempts)).toBe(`${R}/code/solution.v3.py`);
  });
});

describe("the fixer's history, derived from the attempts", () => {
  it("lists every fixer call with the failure it was given and what it changed, and escalates a repeated error", () => {
    const attempts = [
      failedAttempt(R, 1, nameError),
      failedAttempt(R, 2, nameError, { fix: { change: "+1 −1 lines", escalated: false } }),
      attempt(R, 3, { fix: { change: "+9 −9 lines", escalated: true } }),
    ];
    const history = fixHistory(attempts);
    expect(history.map((h) => [h.attempt, h.codeVersion, h.errorClass, h.change, h.escalated])).toEqual([
      [1, 1, "NameError", "+1 −1 lines", false],
      [2, 2, "NameError", "+9 −9 lines", true],
    ]);
    expect(history[1].signature).toBe(history[0].signature);
    expect(history[1].decisive).toMatch(/solution\.py", line 3[\s\S]*NameError: name 'X_tset' is not defined$/);
  });

  it("counts replies without code in order, the next call told why the previous reply was refused", () => {
    const attempts = [failedAttempt(R, 1, nameError, { fixesWithoutCode: [noCode("the reply was prose")] }), attempt(R, 2)];
    const history = fixHistory(attempts);
    expect(history.map((h) => [h.attempt, h.codeVersion, h.change])).toEqual([
      [1, 1, "none: the fixer's reply held no code"],
      [2, 1, "+1 −1 lines"],
    ]);
    expect(history[0].errorClass).toBe("NameError");
    expect(history[1]).toMatchObject({
      errorClass: "no-code",
      summary: `${nameError.summary}; the fixer's reply held no code: the reply was prose`,
    });
  });

  it("the current failure: the latest version's, with only the latest reply's no-code note; none once a version passed", () => {
    const refused = failedAttempt(R, 1, keyError, { fixesWithoutCode: [noCode("first"), noCode("second")] });
    expect(currentFailure([refused])).toEqual({ ...keyError, summary: `${keyError.summary}; the fixer's reply held no code: second` });
    const passed = attempt(R, 2, { execution: execResult(), check: ok });
    expect(currentFailure([refused, passed])).toBeNull();
    // a version that ran and awaits its check has no failure yet
    expect(currentFailure([refused, attempt(R, 2, { execution: execResult() })])).toBeNull();
  });

  it("a fix that wrote comments only leaves the failure it was to fix open for the next call", () => {
    const attempts = [failedAttempt(R, 1, keyError), attempt(R, 2), attempt(R, 3)];
    expect(currentFailure(attempts.slice(0, 2))).toEqual(keyError);
    expect(fixHistory(attempts).map((h) => [h.codeVersion, h.summary])).toEqual([
      [1, keyError.summary],
      [2, keyError.summary],
    ]);
  });

  it("a first version with a code-generation failure is fixed like a failed run", () => {
    const attempts = [attempt(R, 1, { failure: nameError, endedAt: 1000 }), attempt(R, 2)];
    expect(currentFailure(attempts.slice(0, 1))).toEqual(nameError);
    expect(fixHistory(attempts)).toEqual([expect.objectContaining({ attempt: 1, codeVersion: 1, change: "+1 −1 lines" })]);
  });
});
