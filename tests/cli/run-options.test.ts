import { describe, expect, it } from "vitest";
import { parseSolveArgs } from "../../src/cli/solve-command.js";

/** solve's parsed arguments (never --help here). */
function parsed(argv: string[]) {
  const args = parseSolveArgs(argv);
  if (args === "help") throw new Error("unexpected help");
  return args;
}

describe("solve's run options", () => {
  it("sets the per-call model timeout with --model-timeout, and rejects a bad value", () => {
    expect(parsed(["task", "--model-timeout", "45"]).context.modelTimeoutSeconds).toBe(45);
    expect(parsed(["task"]).context.modelTimeoutSeconds).toBe(180);
    expect(() => parseSolveArgs(["task", "--model-timeout", "soon"])).toThrow('--model-timeout needs a non-negative number, got "soon"');
  });
});
