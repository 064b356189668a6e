import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../src/cli/bench-command.js";
import { UsageError } from "../../src/cli/flags.js";

describe("linguacodus bench arguments", () => {
  it("parses every option into modes, pool size, limits and the run context", () => {
    const args = parseBenchArgs([
      "suite",
      "--tasks",
      "titanic, penguins",
      "--engine",
      "offline",
      "--mode",
      "both",
      "--concurrency",
      "2",
      "--out",
      "out",
      "--resume",
      "--max-fixes",
      "1",
      "--timeout",
      "90",
      "--task-timeout",
      "600",
      "--unsafe-no-sandbox",
    ]);
    if (args === "help") throw new Error("unexpected help");
    expect(args).toMatchObject({
      tasks: ["titanic", "penguins"],
      modes: ["pipeline", "vanilla"],
      concurrency: 2,
      resume: true,
      taskTimeoutSeconds: 600,
    });
    expect(args.suite).toMatch(/\/suite$/);
    expect(args.out).toMatch(/\/out$/);
    expect(args.context).toMatchObject({ engine: "offline", maxFixes: 1, execTimeoutSeconds: 90, sandbox: "none" });
  });

  it("defaults to the pipeline, one at a time, a fresh output directory and no task timeout", () => {
    expect(parseBenchArgs(["suite"])).toMatchObject({
      modes: ["pipeline"],
      concurrency: 1,
      out: null,
      resume: false,
      taskTimeoutSeconds: null,
      tasks: undefined,
    });
    expect(parseBenchArgs(["--help"])).toBe("help");
  });

  it.each([
    [[], /exactly one suite directory/],
    [["s", "--mode", "fast"], /--mode must be pipeline, vanilla or both/],
    [["s", "--concurrency", "0"], /--concurrency needs a whole number/],
    [["s", "--timeout", "soon"], /--timeout needs a non-negative number/],
    [["s", "--engine", "gpt"], /engine/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(message);
    try {
      parseBenchArgs(argv);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
    }
  });
});
