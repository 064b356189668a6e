import { describe, expect, it } from "vitest";
import { afterCheck, afterCodeWritten, afterFix } from "../../src/graph/linguacodus/routes.js";
import type { State } from "../../src/graph/linguacodus/state.js";
import { baseState, nodeConfig } from "../helpers/fakes.js";

const failure = { summary: "the script failed: exit code 1", error: "boom", stdoutTail: "" };
const state = (extra: Partial<State>) => baseState({ taskDir: "/task", code: "x = 1\n", ...extra });
const maxFixes = (n: number) => nodeConfig({ maxFixes: n });

describe("afterCodeWritten", () => {
  it("executes code written without failure, even with no fixes allowed", () => {
    expect(afterCodeWritten(state({ codeVersion: 1 }), maxFixes(3))).toBe("execute");
    expect(afterCodeWritten(state({ codeVersion: 1 }), maxFixes(0))).toBe("execute");
  });

  it("sends a code-generation failure to the fixer while attempts are left", () => {
    expect(afterCodeWritten(state({ failure, fixAttempts: 0 }), maxFixes(3))).toBe("fix");
    expect(afterCodeWritten(state({ failure, fixAttempts: 2 }), maxFixes(3))).toBe("fix");
  });

  it("reports when no attempts are left, including maxFixes 0", () => {
    expect(afterCodeWritten(state({ failure, fixAttempts: 3 }), maxFixes(3))).toBe("report");
    expect(afterCodeWritten(state({ failure }), maxFixes(0))).toBe("report");
  });

  it("uses the context default of 3 fixes", () => {
    expect(afterCodeWritten(state({ failure, fixAttempts: 2 }), { context: {} })).toBe("fix");
    expect(afterCodeWritten(state({ failure, fixAttempts: 3 }), { context: {} })).toBe("report");
  });
});

describe("afterCheck", () => {
  const ok = { ok: true, problems: [], validationScore: 0.9 };
  const bad = { ok: false, problems: ["submission.csv was not written (file not found)"], validationScore: null };

  it("reports a submission that passed, whatever the attempts", () => {
    expect(afterCheck(state({ submissionCheck: ok }), maxFixes(0))).toBe("report");
    expect(afterCheck(state({ submissionCheck: ok, fixAttempts: 9 }), maxFixes(3))).toBe("report");
  });

  it("fixes a failed check while attempts are left", () => {
    expect(afterCheck(state({ submissionCheck: bad, failure }), maxFixes(1))).toBe("fix");
    expect(afterCheck(state({ submissionCheck: bad, failure, fixAttempts: 2 }), maxFixes(3))).toBe("fix");
  });

  it("reports a failed check when attempts are spent, or none are allowed", () => {
    expect(afterCheck(state({ submissionCheck: bad, failure, fixAttempts: 3 }), maxFixes(3))).toBe("report");
    expect(afterCheck(state({ submissionCheck: bad, failure }), maxFixes(0))).toBe("report");
  });

  it("treats a missing check as failed", () => {
    expect(afterCheck(state({}), maxFixes(2))).toBe("fix");
    expect(afterCheck(state({}), maxFixes(0))).toBe("report");
  });
});

describe("afterFix", () => {
  it("reports a run the fixer ended as failed, even with attempts and new code", () => {
    expect(afterFix(state({ status: "failed", codeVersion: 3, executedVersion: 2, fixAttempts: 1 }), maxFixes(5))).toBe("report");
  });

  it("executes a new script version", () => {
    expect(afterFix(state({ codeVersion: 2, executedVersion: 1, fixAttempts: 1, failure }), maxFixes(3))).toBe("execute");
    // the new script runs even when it was the last attempt allowed
    expect(afterFix(state({ codeVersion: 2, executedVersion: 1, fixAttempts: 3, failure }), maxFixes(3))).toBe("execute");
    // a first script that was never executed (code generation failed) runs after its fix
    expect(afterFix(state({ codeVersion: 2, executedVersion: 0, fixAttempts: 1, failure }), maxFixes(1))).toBe("execute");
  });

  it("never executes a placeholder of comments left by a code-less reply", () => {
    const placeholder = { code: "# the coder returned no code\n", codeVersion: 1, executedVersion: 0, failure };
    expect(afterFix(state({ ...placeholder, fixAttempts: 1 }), maxFixes(3))).toBe("fix");
    expect(afterFix(state({ ...placeholder, fixAttempts: 1 }), maxFixes(1))).toBe("report");
  });

  it("tries again when the fix produced no new code and attempts are left", () => {
    expect(afterFix(state({ codeVersion: 1, executedVersion: 1, fixAttempts: 1, failure }), maxFixes(3))).toBe("fix");
  });

  it("reports when the fix produced no new code and attempts are spent (maxFixes 0 too)", () => {
    expect(afterFix(state({ codeVersion: 1, executedVersion: 1, fixAttempts: 3, failure }), maxFixes(3))).toBe("report");
    expect(afterFix(state({ codeVersion: 1, executedVersion: 1, fixAttempts: 1, failure }), maxFixes(0))).toBe("report");
  });
});
