import { describe, expect, it } from "vitest";
import { changeSummary, describeFailure, repeatsLast } from "../../src/engines/failure-history.js";

const traceback = (line: number, message: string) =>
  [
    "Traceback (most recent call last):",
    `  File "/work/solution.py", line ${line}, in <module>`,
    "    pred = model.predict(X_tset)",
    '  File "/usr/lib/python3/dist-packages/sklearn/base.py", line 10, in predict',
    "    raise X",
    `NameError: ${message}`,
  ].join("\n");

describe("failure history", () => {
  it("takes the error class, the script's frames and the exception line from a traceback", () => {
    const attempt = describeFailure(
      { summary: "the script failed: exit code 1", error: traceback(31, "name 'X_tset' is not defined"), stdoutTail: "" },
      1,
      1,
    );
    expect(attempt).toEqual({
      attempt: 1,
      codeVersion: 1,
      summary: "the script failed: exit code 1",
      errorClass: "NameError",
      decisive: "File \"/work/solution.py\", line 31, in <module>\npred = model.predict(X_tset)\nNameError: name 'X_tset' is not defined",
      signature: "NameError: name 'X_tset' is not defined",
      change: null,
      escalated: false,
    });
  });

  it("classifies limits, invalid submissions and code-less replies", () => {
    expect(describeFailure({ summary: "the script failed: the wall limit fired", error: "", stdoutTail: "" }, 2, 2).errorClass).toBe(
      "limit:wall",
    );
    const invalid = describeFailure(
      { summary: "the script ran but its submission.csv is invalid", error: "3 NaN values\nwrong ids", stdoutTail: "" },
      1,
      1,
    );
    expect([invalid.errorClass, invalid.signature]).toEqual(["invalid-submission", "invalid-submission: 3 NaN values"]);
    expect(describeFailure({ summary: "code generation returned no code", error: "x", stdoutTail: "" }, 1, 1).errorClass).toBe("no-code");
  });

  it("the same error twice in a row repeats; a different message does not", () => {
    const a = describeFailure({ summary: "s", error: traceback(31, "name 'a' is not defined"), stdoutTail: "" }, 1, 1);
    const b = describeFailure({ summary: "s", error: traceback(40, "name 'a' is not defined"), stdoutTail: "" }, 2, 2);
    const c = describeFailure({ summary: "s", error: traceback(40, "name 'b' is not defined"), stdoutTail: "" }, 3, 3);
    expect(repeatsLast([], a)).toBe(false);
    expect(repeatsLast([a], b)).toBe(true);
    expect(repeatsLast([a, b], c)).toBe(false);
  });

  it("summarises what a fix changed", () => {
    expect(changeSummary("a\nb\nc", "a\nB\nc\nd")).toBe('+2 −1 lines; removed "b"; added "B", "d"');
    expect(changeSummary("a\n\nb", "a\nb\n")).toBe("no line changed");
  });
});
