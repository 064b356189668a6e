import { Command } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { budgeted } from "../../src/graph/linguacodus/budget.js";
import type { State } from "../../src/graph/linguacodus/state.js";
import { baseState, nodeConfig } from "../helpers/fakes.js";

const usage = { role: "coder" as const, model: "fake", inputTokens: 1, outputTokens: 1, ms: 1 };

describe("budgeted nodes route themselves", () => {
  it("run and go to the next node with their update while the budget lasts", async () => {
    let ran = 0;
    const node = budgeted(
      async () => {
        ran++;
        return { codeVersion: 2 };
      },
      (s: State) => (s.codeVersion === 2 ? "execute" : "fix"),
      "report",
    );
    const result = await node(baseState({ taskDir: "/t" }), nodeConfig({ maxModelCalls: 5 }));
    expect(ran).toBe(1);
    expect(result).toBeInstanceOf(Command);
    expect(result.goto).toEqual(["execute"]);
    expect(result.update).toEqual({ codeVersion: 2 });
  });

  it("do not run once the budget is spent: a Command to the stop target sets budget_exhausted and why", async () => {
    let ran = 0;
    const node = budgeted(
      async () => {
        ran++;
        return {};
      },
      "next",
      "report",
    );
    const result = await node(baseState({ taskDir: "/t", usage: [usage, usage] }), nodeConfig({ maxModelCalls: 2 }));
    expect(ran).toBe(0);
    expect(result.goto).toEqual(["report"]);
    expect(result.update).toEqual({ status: "budget_exhausted", error: "model-call budget spent: 2 of 2 calls" });
  });

  it("do not run after the run has ended, and change nothing", async () => {
    const node = budgeted(async () => ({ codeVersion: 9 }), "next", "report");
    const result = await node(baseState({ taskDir: "/t", status: "failed" }), nodeConfig());
    expect(result.goto).toEqual(["report"]);
    expect(result.update).toBeUndefined();
  });
});
