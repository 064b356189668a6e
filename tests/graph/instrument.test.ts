import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { instrument } from "../../src/graph/linguacodus/instrument.js";
import { StructuredOutputError } from "../../src/models/structured.js";
import type { State } from "../../src/graph/linguacodus/state.js";
import { baseState, nodeConfig, tempDirs } from "../helpers/fakes.js";

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
  it("logs an ok step with its time and usage per role, and announces the start on the custom stream", async () => {
    const runDir = join(dirs.make("lc-inst-"), "run");
    const started: unknown[] = [];
    const node = instrument(async (_s: State) => ({ usage: [usage("coder", 10, 4), usage("coder", 5, 1)] }));
    const update = await node(baseState({ taskDir: "/t", runDir, fixAttempts: 2 }), {
      ...as("code-model"),
      writer: (chunk: unknown) => started.push(chunk),
    });
    expect(update.usage).toHaveLength(2);
    expect(started).toEqual([{ event: "node_start", node: "code-model", fixAttempts: 2 }]);
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

  it("keeps the raw replies and usage of a failed model step, logs the error and rethrows", async () => {
    const runDir = join(dirs.make("lc-inst-"), "run");
    const failure = new StructuredOutputError(
      "role researcher (model fake) returned malformed structured output 2 times",
      ["first reply", "second reply"],
      [usage("researcher", 3, 2), usage("researcher", 4, 2)],
    );
    const node = instrument(async () => Promise.reject(failure));
    await expect(node(baseState({ taskDir: "/t", runDir }), as("research"))).rejects.toBe(failure);
    expect(readFileSync(join(runDir, "raw/research-failed.1.txt"), "utf8")).toBe("first reply");
    expect(readFileSync(join(runDir, "raw/research-failed.2.txt"), "utf8")).toBe("second reply");
    expect(events(runDir)[0]).toMatchObject({
      node: "research",
      status: "error",
      error: "role researcher (model fake) returned malformed structured output 2 times",
      usage: { researcher: { calls: 2, inputTokens: 7, outputTokens: 4 } },
    });
  });

  it("logs a plain error without raw files", async () => {
    const runDir = join(dirs.make("lc-inst-"), "run");
    await expect(
      instrument(async () => Promise.reject(new Error("disk full")))(baseState({ taskDir: "/t", runDir }), as("execute")),
    ).rejects.toThrow("disk full");
    const [event] = events(runDir);
    expect(event).toMatchObject({ node: "execute", status: "error", error: "disk full" });
    expect(event.usage).toBeUndefined();
  });
});
