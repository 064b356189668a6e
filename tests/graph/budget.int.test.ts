import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { graph, invokeWholeState } from "../../src/graph/linguacodus/graph.js";
import { makeContext, type Context } from "../../src/graph/linguacodus/context.js";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { roleOf } from "../helpers/roles.js";
import { sharedTask } from "../helpers/tasks.js";
import { BLOCKS, fenced, penguinsHandler } from "../fixtures/penguins-replies.js";
import { lastExecution } from "../../src/graph/linguacodus/attempts.js";

const penguins = sharedTask("penguins");
const suite = penguins ? describe : describe.skip;
if (!penguins) console.warn("skipping: ../shared/tasks/penguins is absent");

suite("run budgets end the run cleanly with status budget_exhausted", () => {
  let mock: MockOpenAI;
  let root: string;
  const context = (extra: Partial<Context>) =>
    makeContext({ models: { default: { model: "mock-model", baseUrl: mock.url } }, modelRetries: 0, runDir: join(root, "run"), ...extra });

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), "lc-budget-"));
    mock = await startMockOpenAI({
      handler: penguinsHandler({
        "coder:training": { content: fenced(`import time\ntime.sleep(30)\n${BLOCKS.training}`) },
        fixer: { content: fenced("print('never reached')") },
      }),
    });
  });
  afterEach(async () => {
    await mock.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("stops at the model-call budget and keeps the artifacts", async () => {
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context({ candidates: 3, maxModelCalls: 4 }) });
    expect(final.status).toBe("budget_exhausted");
    expect(final.error).toMatch(/model-call budget spent: 4 of 4 calls/);
    expect(mock.requests).toHaveLength(4);
    const runDir = join(root, "run");
    expect(existsSync(join(runDir, "critique.md"))).toBe(true);
    expect(existsSync(join(runDir, "decision.json"))).toBe(false);
    expect(JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")).status).toBe("budget_exhausted");
    expect(readFileSync(join(runDir, "events.jsonl"), "utf8")).toMatch(/"node":"decide","ms":\d+,"status":"skipped"/);
  });

  it("stops at the token budget", async () => {
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context({ candidates: 1, maxModelTokens: 50 }) });
    expect(final.status).toBe("budget_exhausted");
    expect(final.error).toMatch(/token budget spent: \d+ of 50 tokens/);
    expect(mock.requests).toHaveLength(1);
  });

  it("bounds a slow script by the wall-time budget", async () => {
    const started = Date.now();
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context({ candidates: 1, maxWallSeconds: 12 }) });
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(final.status).toBe("budget_exhausted");
    expect(final.error).toMatch(/wall-time budget spent/);
    expect(lastExecution(final.attempts)?.limitHit).toBe("wall");
    expect(mock.requests.some((r) => roleOf(r) === "fixer")).toBe(false);
  });
});
