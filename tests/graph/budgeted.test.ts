import { Command } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { budgeted } from "../../src/graph/linguacodus/budget.js";
import type { State } from "../../src/graph/linguacodus/state.js";
import { attempt, baseState, failedAttempt, nodeConfig } from "../helpers/fakes.js";
import { fixAttempts } from "../../src/graph/linguacodus/attempts.js";

const usage = { role: "coder" as const, model: "fake", inputTokens: 1, outputTokens: 1, ms: 1 };

describe("budgeted nodes route themselves", () => {
  it("run and go to the next node with their update while the budget lasts", async () => {
    let ran = 0;
    const node = budgeted(
      async () => {
        ran++;
        return { attempts: [attempt("/r", 2)] };
      },
      (s: State) => (s.attempts.at(-1)?.version === 2 ? "execute" : "fix"),
      "report",
    );
    const result = await node(baseState({ taskDir: "/t" }), nodeConfig({ maxModelCalls: 5 }));
    expect(ran).toBe(1);
    expect(result).toBeInstanceOf(Command);
    expect(result.goto).toEqual(["execute"]);
    expect(result.update).toEqual({ attempts: [attempt("/r", 2)] });
  });

  it("route on the attempts merged by version, as the reducer merges them: earlier fixes still count", async () => {
    const failure = { summary: "failed", error: "boom", stdoutTail: "" };
    const seen: number[] = [];
    const node = budgeted(
      async () => ({ attempts: [attempt("/r", 3)] }),
      (s: State) => {
        seen.push(fixAttempts(s.attempts));
        return "execute";
      },
      "report",
    );
    await node(baseState({ taskDir: "/t", attempts: [failedAttempt("/r", 1, failure), failedAttempt("/r", 2, failure)] }), nodeConfig());
    expect(seen).toEqual([2]);
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
    const node = budgeted(async () => ({ attempts: [attempt("/r", 9)] }), "next", "report");
    const result = await node(baseState({ taskDir: "/t", status: "failed" }), nodeConfig());
    expect(result.goto).toEqual(["report"]);
    expect(result.update).toBeUndefined();
  });
});
