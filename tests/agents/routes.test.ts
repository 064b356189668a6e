import { describe, expect, it } from "vitest";
import { afterCheck, afterCodeWritten, afterFix } from "../../src/graph/linguacodus/routes.js";
import type { State } from "../../src/graph/linguacodus/state.js";
import type { Attempt } from "../../src/types/attempt.js";
import { attempt, baseState, failedAttempt, nodeConfig } from "../helpers/fakes.js";

const R = "/run";
const failure = { summary: "the script failed: exit code 1", error: "boom", stdoutTail: "" };
const state = (attempts: Attempt[], extra: Partial<State> = {}) =>
  baseState({ taskDir: "/task", runDir: R, code: "x = 1\n", attempts, ...extra });
const maxFixes = (n: number) => nodeConfig({ maxFixes: n });
/** `n` fixer calls that wrote no script. */
const noCode = (n: number) =>
  Array.from({ length: n }, () => ({ change: "none: the fixer's reply held no code", escalated: false, noCode: "prose" }));
/** `n` failed versions, each fixed into the next, then version n+1 as `last` says: n fix attempts. */
const afterFixes = (n: number, last: Partial<Attempt> = {}) => [
  ...Array.from({ length: n }, (_, i) => failedAttempt(R, i + 1, failure)),
  attempt(R, n + 1, last),
];

describe("afterCodeWritten", () => {
  it("executes code written without failure, even with no fixes allowed", () => {
    expect(afterCodeWritten(state([attempt(R, 1)]), maxFixes(3))).toBe("execute");
    expect(afterCodeWritten(state([attempt(R, 1)]), maxFixes(0))).toBe("execute");
  });

  it("sends a code-generation failure to the fixer while attempts are left", () => {
    expect(afterCodeWritten(state([attempt(R, 1, { failure })]), maxFixes(3))).toBe("fix");
    expect(afterCodeWritten(state([attempt(R, 1, { failure, fixesWithoutCode: noCode(2) })]), maxFixes(3))).toBe("fix");
  });

  it("reports when no attempts are left, including maxFixes 0", () => {
    expect(afterCodeWritten(state([attempt(R, 1, { failure, fixesWithoutCode: noCode(3) })]), maxFixes(3))).toBe("report");
    expect(afterCodeWritten(state([attempt(R, 1, { failure })]), maxFixes(0))).toBe("report");
  });

  it("uses the context default of 3 fixes", () => {
    expect(afterCodeWritten(state([attempt(R, 1, { failure, fixesWithoutCode: noCode(2) })]), { context: {} })).toBe("fix");
    expect(afterCodeWritten(state([attempt(R, 1, { failure, fixesWithoutCode: noCode(3) })]), { context: {} })).toBe("report");
  });
});

describe("afterCheck", () => {
  const ok = { ok: true, problems: [], validationScore: 0.9 };
  const bad = { ok: false, problems: ["submission.csv was not written (file not found)"], validationScore: null };

  it("reports a submission that passed, whatever the attempts", () => {
    expect(afterCheck(state(afterFixes(0, { check: ok })), maxFixes(0))).toBe("report");
    expect(afterCheck(state(afterFixes(9, { check: ok })), maxFixes(3))).toBe("report");
  });

  it("fixes a failed check while attempts are left", () => {
    expect(afterCheck(state(afterFixes(0, { check: bad, failure })), maxFixes(1))).toBe("fix");
    expect(afterCheck(state(afterFixes(2, { check: bad, failure })), maxFixes(3))).toBe("fix");
  });

  it("reports a failed check when attempts are spent, or none are allowed", () => {
    expect(afterCheck(state(afterFixes(3, { check: bad, failure })), maxFixes(3))).toBe("report");
    expect(afterCheck(state(afterFixes(0, { check: bad, failure })), maxFixes(0))).toBe("report");
  });

  it("reads the last attempt only: an earlier passed check does not count", () => {
    const passedThenFailed = [attempt(R, 1, { check: ok }), attempt(R, 2, { check: bad, failure })];
    expect(afterCheck(state(passedThenFailed), maxFixes(3))).toBe("fix");
  });

  it("treats a missing check as failed", () => {
    expect(afterCheck(state([]), maxFixes(2))).toBe("fix");
    expect(afterCheck(state([]), maxFixes(0))).toBe("report");
  });
});

describe("afterFix", () => {
  it("reports a run the fixer ended as failed, even with attempts and new code", () => {
    expect(afterFix(state(afterFixes(2), { status: "failed" }), maxFixes(5))).toBe("report");
  });

  it("executes a new script version", () => {
    expect(afterFix(state(afterFixes(1)), maxFixes(3))).toBe("execute");
    // the new script runs even when it was the last attempt allowed
    expect(afterFix(state(afterFixes(3)), maxFixes(3))).toBe("execute");
    // a first script that was never executed (code generation failed) runs after its fix
    expect(afterFix(state([attempt(R, 1, { failure }), attempt(R, 2)]), maxFixes(1))).toBe("execute");
  });

  it("never executes a placeholder of comments left by a code-less reply", () => {
    const placeholder = [attempt(R, 1, { origin: "vanilla", failure, fixesWithoutCode: noCode(1) })];
    const code = "# the coder returned no code\n";
    expect(afterFix(state(placeholder, { code }), maxFixes(3))).toBe("fix");
    expect(afterFix(state(placeholder, { code }), maxFixes(1))).toBe("report");
  });

  it("tries again when the fix produced no new code and attempts are left", () => {
    expect(afterFix(state([failedAttempt(R, 1, failure, { fixesWithoutCode: noCode(1) })]), maxFixes(3))).toBe("fix");
  });

  it("reports when the fix produced no new code and attempts are spent (maxFixes 0 too)", () => {
    expect(afterFix(state([failedAttempt(R, 1, failure, { fixesWithoutCode: noCode(3) })]), maxFixes(3))).toBe("report");
    expect(afterFix(state([failedAttempt(R, 1, failure, { fixesWithoutCode: noCode(1) })]), maxFixes(0))).toBe("report");
  });
});
