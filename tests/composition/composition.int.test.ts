import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeToolCallingModel, ToolMessage } from "langchain";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { sharedTask } from "../helpers/tasks.js";
import { penguinsHandler } from "../fixtures/penguins-replies.js";
import { graph as parentGraph } from "../../examples/parent-graph/graph.js";
import { createMlAgent } from "../../examples/agent/agent.js";
import { createSolveMlTaskTool, SolveMlTaskSchema } from "../../src/tools/langchain/solve-ml-task.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";

const penguins = sharedTask("penguins");
const suite = penguins ? describe : describe.skip;
if (!penguins) console.warn("skipping: ../shared/tasks/penguins is absent");

suite("Linguacodus composed into larger agent systems", () => {
  let mock: MockOpenAI;
  let root: string;
  const settings = () => ({
    models: { default: { model: "mock-model", baseUrl: mock.url } },
    modelRetries: 0,
    candidates: 1,
    runsDir: join(root, "runs"),
  });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "lc-compose-"));
    mock = await startMockOpenAI({
      handler: penguinsHandler(),
    });
  });
  afterAll(async () => {
    await mock.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("runs as a subgraph node of a parent graph, once per task (Send)", async () => {
    const final = await parentGraph.invoke({ taskDirs: [penguins!, penguins!] }, { context: makeContext(settings()) });
    expect(final.results).toHaveLength(2);
    for (const result of final.results) {
      expect(result.status).toBe("succeeded");
      expect(result.validationScore).toBeGreaterThan(0.9);
      expect(existsSync(result.submissionPath!)).toBe(true);
    }
    expect(new Set(final.results.map((r) => r.submissionPath)).size).toBe(2);
    expect(final.leaderboard).toMatch(/succeeded/);
  });

  it("is a LangChain tool with a zod schema", async () => {
    const tool = createSolveMlTaskTool(settings());
    expect(tool.name).toBe("solveMlTask");
    expect(SolveMlTaskSchema.safeParse({ taskDir: "x", candidates: 2 }).success).toBe(true);
    const answer = JSON.parse(await tool.invoke({ taskDir: penguins!, maxFixes: 1 }));
    expect(answer.status).toBe("succeeded");
    expect(existsSync(answer.submissionPath)).toBe(true);
  });

  it("answers an error result instead of throwing, for a bad task and for a failing model", async () => {
    const tool = createSolveMlTaskTool(settings());
    const missing = JSON.parse(await tool.invoke({ taskDir: join(root, "no-such-task") }));
    expect(missing.status).toBe("failed");
    expect(missing.error).toMatch(/^load-task: task directory not found: /);
    const failing = await startMockOpenAI({ handler: () => ({ status: 500 }) });
    try {
      const broken = createSolveMlTaskTool({ ...settings(), models: { default: { model: "mock-model", baseUrl: failing.url } } });
      const answer = JSON.parse(await broken.invoke({ taskDir: penguins! }));
      expect(answer.status).toBe("failed");
      expect(answer.error).toMatch(/^rank-instructions: model call for role instructor .*HTTP 500/);
      expect(answer.stoppedAt).toBe("instructions");
    } finally {
      await failing.close();
    }
  });

  it("a parent graph sees a failed run as failed, never running", async () => {
    const failing = await startMockOpenAI({ handler: () => ({ status: 500 }) });
    try {
      const context = makeContext({ ...settings(), models: { default: { model: "mock-model", baseUrl: failing.url } } });
      const final = await parentGraph.invoke({ taskDirs: [penguins!] }, { context });
      expect(final.results.map((r) => r.status)).toEqual(["failed"]);
    } finally {
      await failing.close();
    }
  });

  it("is called by a tool-calling agent (createAgent)", async () => {
    const model = new FakeToolCallingModel({
      toolCalls: [[{ name: "solveMlTask", args: { taskDir: penguins! }, id: "call-1" }], []],
    });
    const agent = createMlAgent(model, settings());
    const result = await agent.invoke({ messages: [{ role: "user", content: `Solve the task in ${penguins}` }] });
    const toolMessage = result.messages.find((m) => ToolMessage.isInstance(m));
    expect(toolMessage).toBeDefined();
    const summary = JSON.parse(String(toolMessage!.content));
    expect(summary.status).toBe("succeeded");
    expect(summary.engine).toBe("model");
  });
});
