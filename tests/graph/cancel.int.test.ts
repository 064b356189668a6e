/**
 * A run cancelled mid-step in a checkpointed thread (the SQLite checkpointer the CLI uses): an
 * AbortSignal fired while the sandboxed script sleeps leaves the thread ended with status failed,
 * the error "cancelled: …" and `stopped` at the node, and a resume finishes the run without
 * redoing the steps that had ended (inside a subgraph too, parallel candidates included). The
 * exported graph does both itself inside a checkpointed parent graph whose run is aborted.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemorySaver, type StateSnapshot } from "@langchain/langgraph";
import { parentBuilder } from "../../examples/parent-graph/graph.js";
import { invokeWholeState, linguacodusBuilder } from "../../src/graph/linguacodus/graph.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { recordCancel } from "../../src/graph/linguacodus/cancel.js";
import { resumeInput } from "../../src/graph/linguacodus/resume.js";
import type { State } from "../../src/graph/linguacodus/state.js";
import { openRunCheckpointer } from "../../src/run/checkpointer.js";
import { startMockOpenAI, type MockOpenAI, type MockRequest } from "../helpers/mock-openai-server.js";
import { roleOf } from "../helpers/roles.js";
import { sharedTask } from "../helpers/tasks.js";
import { BLOCKS, fenced, instructionReply, penguinsHandler, requestedRank } from "../fixtures/penguins-replies.js";

const penguins = sharedTask("penguins");
const suite = penguins ? describe : describe.skip;
if (!penguins) console.warn("skipping: ../shared/tasks/penguins is absent");

/** Resolves once `predicate` holds, polling. */
async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The lines of events.jsonl. */
function events(runDir: string): Array<{ at: string; node: string; status: string }> {
  return readFileSync(join(runDir, "events.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

suite("a cancelled run in a checkpointed thread", { timeout: 300_000 }, () => {
  let mock: MockOpenAI | undefined;
  let root: string | undefined;
  afterEach(async () => {
    await mock?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** The run context against the mock server. */
  const contextOf = (runDir: string, url: string) =>
    makeContext({
      models: { default: { model: "mock-model", baseUrl: url } },
      modelRetries: 0,
      candidates: 2,
      execTimeoutSeconds: 120,
      runDir,
    });

  it("is recorded as failed and stopped at codegen on an abort mid-execute, and resumes without redoing ended steps", async () => {
    root = mkdtempSync(join(tmpdir(), "lc-cancel-"));
    const runDir = join(root, "run");
    // The script marks its work dir once it runs, then sleeps: the abort comes while it sleeps.
    const sleepy = `import time\nopen("started", "w").close()\ntime.sleep(8)\n${BLOCKS.training}`;
    mock = await startMockOpenAI({ handler: penguinsHandler({ "coder:training": { content: fenced(sleepy) } }) });
    const context = contextOf(runDir, mock.url);
    const checkpointer = await openRunCheckpointer(runDir);
    try {
      const graph = linguacodusBuilder.compile({ checkpointer });
      const configurable = { thread_id: "cancel-test" };
      const controller = new AbortController();
      const running = graph.invoke({ taskDir: penguins! }, { configurable, context, signal: controller.signal });
      await waitFor(() => existsSync(join(runDir, "exec/attempt-1/started")), 120_000);
      const aborted = Date.now();
      controller.abort(new Error("stopped by the test"));
      await expect(running).rejects.toThrow("stopped by the test");
      expect(Date.now() - aborted).toBeLessThan(3_000);

      const before = (await graph.getState({ configurable })).values as State;
      expect(before.status).toBe("running"); // what LangGraph leaves behind on its own

      const recorded = await recordCancel(graph, { configurable }, "stopped by the test");
      expect(recorded).toMatchObject({ status: "failed", error: "cancelled: codegen: stopped by the test" });
      const after = await graph.getState({ configurable });
      const values = after.values as State;
      expect(values.status).toBe("failed");
      expect(values.error).toBe("cancelled: codegen: stopped by the test");
      expect(values.stopped?.node).toBe("codegen");
      expect(values.stopped?.ns).toMatch(/^codegen:/);
      expect(after.next).toEqual([]);
      expect(values.candidates.map((c) => c.rank)).toEqual([1, 2]);
      expect(await recordCancel(graph, { configurable }, "again")).toBeNull(); // recorded once

      const requestsBefore = mock.requests.length;
      const resume = await resumeInput(graph, { configurable });
      expect(resume?.goto).toEqual(["codegen"]);
      const final = await invokeWholeState(graph, resume, { configurable, context });
      expect(final.status).toBe("succeeded");
      expect(final.stopped).toBeNull();
      expect(final.error).toBeNull();
      expect(mock.requests.length).toBe(requestsBefore); // no model step was redone
      const ok = events(runDir)
        .filter((e) => e.status === "ok")
        .map((e) => e.node);
      const count = (node: string) => ok.filter((n) => n === node).length;
      expect(count("rank-instructions")).toBe(2);
      for (const node of ["load-task", "profile-data", "research", "decide", "code-training", "integrate", "check", "report"]) {
        expect(count(node), node).toBe(1);
      }
      expect(existsSync(join(runDir, "submission.csv"))).toBe(true);
      const executes = events(runDir).filter((e) => e.node === "execute");
      expect(executes.map((e) => e.status)).toEqual(["cancelled", "ok"]); // the killed attempt is logged as such
      expect(Date.parse(executes[0].at) - aborted).toBeLessThan(3_000); // the sandboxed script was killed at once
      expect(readdirSync(join(runDir, "exec"))).toContain("attempt-1.interrupted-1");
    } finally {
      checkpointer.db.close();
    }
  });

  it("a cancel while one of the parallel candidates is written keeps the others: the resume asks only for the missing one", async () => {
    root = mkdtempSync(join(tmpdir(), "lc-cancel-"));
    const runDir = join(root, "run");
    let secondAsked = 0;
    const instructor = (req: MockRequest) => {
      const rank = requestedRank(req.text);
      if (rank === 2) secondAsked += 1;
      return { content: instructionReply(rank), delayMs: rank === 2 && secondAsked === 1 ? 60_000 : 0 };
    };
    mock = await startMockOpenAI({ handler: penguinsHandler({ instructor }) });
    const context = contextOf(runDir, mock.url);
    const checkpointer = await openRunCheckpointer(runDir);
    try {
      const graph = linguacodusBuilder.compile({ checkpointer });
      const configurable = { thread_id: "cancel-instructions" };
      const controller = new AbortController();
      const running = graph.invoke({ taskDir: penguins! }, { configurable, context, signal: controller.signal });
      await waitFor(() => existsSync(join(runDir, "events.jsonl")) && events(runDir).some((e) => e.node === "rank-instructions"), 120_000);
      controller.abort(new Error("stopped by the test"));
      await expect(running).rejects.toThrow("stopped by the test");

      const recorded = await recordCancel(graph, { configurable }, "stopped by the test");
      expect(recorded).toMatchObject({ status: "failed", error: "cancelled: instructions: stopped by the test" });
      expect(recorded?.stopped?.ns).toMatch(/^instructions:/);

      const resume = await resumeInput(graph, { configurable });
      expect(resume?.goto).toEqual(["instructions"]);
      const final = await invokeWholeState(graph, resume, { configurable, context });
      expect(final.status).toBe("succeeded");
      expect(final.candidates.map((c) => c.rank)).toEqual([1, 2]);
      const instructorCalls = mock.requests.filter((r) => roleOf(r) === "instructor").map((r) => requestedRank(r.text));
      expect(instructorCalls.sort()).toEqual([1, 2, 2]); // candidate 1 was kept; only candidate 2 was asked again
      expect(events(runDir).filter((e) => e.node === "rank-instructions" && e.status === "ok")).toHaveLength(2);
      for (const node of ["load-task", "profile-data"]) expect(events(runDir).filter((e) => e.node === node)).toHaveLength(1);
    } finally {
      checkpointer.db.close();
    }
  });

  it("inside a checkpointed parent graph: the parent's abort leaves the run failed, and the parent's resume continues it in place", async () => {
    root = mkdtempSync(join(tmpdir(), "lc-cancel-"));
    const runsDir = join(root, "runs");
    const sleepy = `import time\nopen("started", "w").close()\ntime.sleep(8)\n${BLOCKS.training}`;
    mock = await startMockOpenAI({ handler: penguinsHandler({ "coder:training": { content: fenced(sleepy) } }) });
    const context = makeContext({
      models: { default: { model: "mock-model", baseUrl: mock.url } },
      modelRetries: 0,
      candidates: 2,
      runsDir,
    });
    const parent = parentBuilder.compile({ checkpointer: new MemorySaver() });
    const configurable = { thread_id: "parent-cancel" };
    const runDir = join(runsDir, "parent-cancel"); // the run is named after the thread
    const controller = new AbortController();
    const running = parent.invoke({ taskDirs: [penguins!] }, { configurable, context, signal: controller.signal });
    await waitFor(() => existsSync(join(runDir, "exec/attempt-1/started")), 120_000);
    controller.abort(new Error("stopped by the test"));
    await expect(running).rejects.toThrow("stopped by the test");

    // LangGraph's runner stops waiting for the node it cut at once, so the record lands a moment after the parent rejects.
    const solveState = async () =>
      ((await parent.getState({ configurable }, { subgraphs: true })).tasks[0].state as StateSnapshot).values as State;
    const until = Date.now() + 5_000;
    while ((await solveState()).status === "running" && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect((await parent.getState({ configurable })).next).toEqual(["solve"]);
    expect(await solveState()).toMatchObject({
      status: "failed",
      error: "cancelled: codegen: stopped by the test",
      stopped: { node: "codegen" },
    });

    const asked = mock.requests.length;
    const final = await parent.invoke(null, { configurable, context });
    expect(final.results.map((r) => r.status)).toEqual(["succeeded"]);
    expect(existsSync(final.results[0].submissionPath!)).toBe(true);
    expect(mock.requests.length).toBe(asked); // no model step was redone
    expect(
      events(runDir)
        .filter((e) => e.node === "execute")
        .map((e) => e.status),
    ).toEqual(["cancelled", "ok"]);
  });

  it("a thread stopped at load-task continues there: the run starts again on the same thread", async () => {
    root = mkdtempSync(join(tmpdir(), "lc-cancel-"));
    const runDir = join(root, "run");
    const taskDir = join(root, "task");
    mock = await startMockOpenAI({ handler: penguinsHandler() });
    const context = contextOf(runDir, mock.url);
    const checkpointer = await openRunCheckpointer(runDir);
    try {
      const graph = linguacodusBuilder.compile({ checkpointer });
      const configurable = { thread_id: "load-task-test" };
      const stopped = await invokeWholeState(graph, { taskDir }, { configurable, context });
      expect(stopped).toMatchObject({ status: "failed", stopped: { node: "load-task", ns: null } });
      expect(stopped.error).toContain("task directory not found");

      cpSync(penguins!, taskDir, { recursive: true });
      const resume = await resumeInput(graph, { configurable });
      expect(resume?.goto).toEqual(["load-task"]);
      const final = await invokeWholeState(graph, resume, { configurable, context });
      expect(final).toMatchObject({ status: "succeeded", stopped: null, error: null });
      expect(final.task?.dir).toBe(taskDir);
    } finally {
      checkpointer.db.close();
    }
  });
});
