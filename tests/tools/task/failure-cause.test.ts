import { describe, expect, it } from "vitest";
import { invalidSubmissionSummary, lastError, scriptFailureSummary } from "../../../src/tools/task/failure-cause.js";
import { execResult } from "../../helpers/fakes.js";

const LIMITS = { memoryMb: 1500, wallSeconds: 90 };

describe("the decisive cause of a failed attempt", () => {
  it("quotes the SyntaxError of a Python 2 script", () => {
    const stderr = [
      '  File "/work/solution.py", line 3',
      '    print "score", score',
      "    ^^^^^^^^^^^^^^^^^^^^",
      "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?",
    ].join("\n");
    expect(scriptFailureSummary(execResult({ exitCode: 1, ok: false, stderr }), LIMITS)).toBe(
      "the script failed (exit code 1): SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?",
    );
  });

  it("takes the traceback's exception line, not the lines after it", () => {
    const stderr = "Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'id'\n\nwarning: cleanup\n";
    expect(lastError(stderr)).toBe("KeyError: 'id'");
    expect(lastError("segfault somewhere\n")).toBe("segfault somewhere");
    expect(lastError("\n \n")).toBeNull();
  });

  it("says a script printed no error, and names a signal", () => {
    expect(scriptFailureSummary(execResult({ exitCode: 3, ok: false }), LIMITS)).toBe(
      "the script failed (exit code 3) and printed no error",
    );
    expect(scriptFailureSummary(execResult({ exitCode: null, signal: "SIGSEGV", ok: false }), LIMITS)).toBe(
      "the script failed (killed by SIGSEGV) and printed no error",
    );
  });

  it("says how to raise the memory and wall-time limits", () => {
    expect(scriptFailureSummary(execResult({ exitCode: null, signal: "SIGKILL", limitHit: "memory", ok: false }), LIMITS)).toBe(
      "the memory limit (1500 MiB) stopped the script; raise it with --memory <MiB> (run context execMemoryMb)",
    );
    expect(scriptFailureSummary(execResult({ exitCode: null, signal: "SIGKILL", limitHit: "wall", ok: false }), LIMITS)).toBe(
      "the wall-time limit (90 s) stopped the script; raise it with --timeout <seconds> (run context execTimeoutSeconds)",
    );
  });

  it("carries the validator's first finding and how many more there are", () => {
    expect(invalidSubmissionSummary(['69 of the 69 expected ids are missing from column "id" (e.g. 1, 2, 3)'])).toBe(
      'the script ran but its submission.csv is invalid: 69 of the 69 expected ids are missing from column "id" (e.g. 1, 2, 3)',
    );
    expect(invalidSubmissionSummary(["a", "b", "c"])).toBe("the script ran but its submission.csv is invalid: a (and 2 more problems)");
  });
});
