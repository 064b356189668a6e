import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { instrument } from "../../src/graph/linguacodus/instrument.js";
import { StructuredOutputError } from "../../src/models/structured.js";
import { NESTED_KEY, NodeError } from "../../src/graph/linguacodus/failure.js";
import { subgraphNode } from "../../src/graph/linguacodus/subgraph-node.js";
import { CheckpointStoreError } from "../../src/run/checkpoint-store-error.js";
import type { State, StateUpdate } from "../../src/graph/linguacodus/state.js";
import { attempt, baseState, failedAttempt, nodeConfig, tempDirs } from "../helpers/fakes.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const usage = (role: "coder" | "researcher", inputTokens: number, outputTokens: number) => ({
  role,
  model: "fake",
  inputTokens,
  outputTokens,
  ms: 1,
});
const events = (runDir: string) =>
  readFileSync(join(runDir, "events.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A node call's config as LangGraph builds it: the node id in the metadata. */
const as = (node: string) => ({ ...nodeConfig(), metadata: { langgraph_node: node } });

describe("instrument", () => {
  it("logs an ok step with its time and usage per role, and announces its start and end on the custom stream", async () => {
    const runDir = join(dirs.make("lc-inst-"), "run");
    const started: unknown[] = [];
    const node = instrument(async (_s: State) => ({ usage: [usage("coder", 10, 4), usage("coder", 5, 1)] }));
    const failure = { summary: "failed", error: "boom", stdoutTail: "" };
    const attempts = [failedAttempt(runDir, 1, failure), failedAttempt(runDir, 2, failure), attempt(runDir, 3)];
    const update = await node(baseState({ taskDir: "/t", runDir, attempts }), {
      ...as("code-model"),
      writer: (chunk: unknown) => started.push(chunk),
    });
    expect((update as StateUpdate).usage).toHaveLength(2);
    expect(started).toEqual([
      { event: "node-start", node: "code-model", fixAttempts: 2 },
      { event: "node-end", node: "code-model", ms: expect.any(Number), status: "ok" },
    ]);
    const [event] = events(runDir);
    expect(event).toMatchObject({ node: "code-model", status: "ok", usage: { coder: { calls: 2, inputTokens: 15, outputTokens: 5 } } });
    expect(typeof event.ms).toBe("number");
    expect(Number.isNaN(Date.parse(String(event.at)))).toBe(false);
  });

  it("logs into the run directory a node creates (load-task)", async () => {
    const runDir = join(dirs.make("lc-inst-"), "new-run");
    await instrument(async () => ({ runDir }))(baseState({ taskDir: "/t" }), as("load-task"));
    expect(events(runDir).map((e) => e.node)).toEqual(["load-task"]);
  });

  it("keeps the raw replies and usage of a failed model step, logs the error and sets status failed with where it stopped", async () => {
    const runDir = join(dirs.make("lc-inst-"), "run");
    const failure = new StructuredOutputError(
      "role researcher (model fake) returned malformed structured output 2 times",
      ["first reply", "second reply"],
      [usage("researcher", 3, 2), usage("researcher", 4, 2)],
    );
    const node = instrument(async () => Promise.reject(failure));
    expect(await node(baseState({ taskDir: "/t", runDir }), as("research"))).toEqual({
      status: "failed",
      error: "research: role researcher (model fake) returned malformed structured output 2 times",
      stopped: { node: "research", ns: null },
      usage: failure.usage,
      fallbacks: [],
    });
    expect(readFileSync(join(runDir, "raw/research-failed.1.txt"), "utf8")).toBe("first reply");
    expect(readFileSync(join(runDir, "raw/research-failed.2.txt"), "utf8")).toBe("second reply");
    expect(events(runDir)[0]).toMatchObject({
      node: "research",
      status: "error",
      error: "role researcher (model fake) returned malformed structured output 2 times",
      usage: { researcher: { calls: 2, inputTokens: 7, outputTokens: 4 } },
    });
  });

  it("rethrows inside a subgraph of the main graph, naming the node and keeping the usage", async () => {
    const runDir = join(dirs.make("lc-inst-"), "run");
    const failure = new StructuredOutputError("bad JSON", ["r"], [usage("researcher", 1, 1)]);
    const nested = { ...as("decide"), configurable: { [NESTED_KEY]: true } };
    const error = await instrument(async () => Promise.reject(failure))(baseState({ taskDir: "/t", runDir }), nested).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toBe("decide: bad JSON");
    expect((error as NodeError).usage).toEqual(failure.usage);
    expect((error as NodeError).cause).toBe(failure);
  });

  it("ends the run as budget_exhausted when a step fails after the budget is spent", async () => {
    const runDir = join(dirs.make("lc-inst-"), "run");
    const update = await instrument(async () => Promise.reject(new Error("cut")))(
      baseState({ taskDir: "/t", runDir, startedAt: Date.now() - 5000 }),
      { ...nodeConfig({ maxWallSeconds: 2 }), metadata: { langgraph_node: "decide" } },
    );
    expect(update).toMatchObject({ status: "budget_exhausted", error: expect.stringMatching(/^wall-time budget spent: 5 of 2 s$/) });
  });

  it("logs a plain error without raw files", async () => {
    const runDir = join(dirs.make("lc-inst-"), "run");
    expect(
      await instrument(async () => Promise.reject(new Error("disk full")))(baseState({ taskDir: "/t", runDir }), as("execute")),
    ).toMatchObject({ status: "failed", error: "execute: disk full", stopped: { node: "execute", ns: null } });
    const [event] = events(runDir);
    expect(event).toMatchObject({ node: "execute", status: "error", error: "disk full" });
    expect(event.usage).toBeUndefined();
  });

  it("never turns a failed checkpoint database into the run's failure: it goes on up, from a node and from a subgraph", async () => {
    const runDir = join(dirs.make("lc-inst-"), "run");
    const lost = new CheckpointStoreError("checkpoint database: Connection terminated unexpectedly");
    const node = instrument(async () => Promise.reject(lost));
    await expect(node(baseState({ taskDir: "/t", runDir }), as("execute"))).rejects.toBe(lost);
    const nested = { ...as("execute"), configurable: { [NESTED_KEY]: true } };
    await expect(node(baseState({ taskDir: "/t", runDir }), nested)).rejects.toBe(lost);
    const subgraph = {
      stream: async () =>
        (async function* () {
          yield baseState({ taskDir: "/t", runDir });
          throw new NodeError("execute", lost);
        })(),
    };
    const codegen = subgraphNode("codegen", subgraph);
    await expect(codegen(baseState({ taskDir: "/t", runDir }), as("codegen"))).rejects.toBeInstanceOf(NodeError);
    const ordinary = {
      stream: async () =>
        (async function* () {
          yield baseState({ taskDir: "/t", runDir });
          throw new NodeError("execute", new Error("disk full"));
        })(),
    };
    expect(await subgraphNode("codegen", ordinary)(baseState({ taskDir: "/t", runDir }), as("codegen"))).toMatchObject({
      status: "failed",
      error: "execute: disk full",
      stopped: { node: "codegen" },
    });
  });
});
