import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { graph, invokeWholeState } from "../../src/graph/linguacodus/graph.js";
import { makeContext, type Context } from "../../src/graph/linguacodus/context.js";
import { startMockOpenAI, type MockMechanism, type MockOpenAI, type ScriptedReply } from "../helpers/mock-openai-server.js";
import { roleOf } from "../helpers/roles.js";
import { sharedTask } from "../helpers/tasks.js";
import {
  BLOCKS,
  CRITIQUES_REPLY,
  DECISION_REPLY,
  FIXED_SCRIPT,
  fenced,
  instructionReply,
  penguinsHandler,
  requestedRank,
} from "../fixtures/penguins-replies.js";
import { fixAttempts, fixHistory } from "../../src/graph/linguacodus/attempts.js";

const penguins = sharedTask("penguins");
const suite = penguins ? describe : describe.skip;
if (!penguins) console.warn("skipping: the shared penguins task is absent (set LINGUACODUS_SHARED_TASKS)");

/** How an unconstrained chat model writes JSON: prose around a fence. */
const prose = (json: string) => `Here is the JSON you asked for:\n\n\`\`\`json\n${json}\n\`\`\`\n`;

suite("the model path end to end against mock servers", () => {
  let mock: MockOpenAI;
  let runDir: string;
  const context = (extra: Partial<Context> = {}) =>
    makeContext({
      models: { default: { model: "mock-model", baseUrl: mock.url } },
      modelRetries: 0,
      modelTimeoutSeconds: 20,
      runDir,
      ...extra,
    });
  const start = async (overrides: Record<string, ScriptedReply | ScriptedReply[]> = {}, supports: MockMechanism = "all") => {
    mock = await startMockOpenAI({ handler: penguinsHandler(overrides), supports });
  };
  const events = () =>
    readFileSync(join(runDir, "events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeEach(() => {
    runDir = join(mkdtempSync(join(tmpdir(), "lc-path-")), "run");
  });
  afterEach(async () => {
    await mock?.close();
    rmSync(join(runDir, ".."), { recursive: true, force: true });
  });

  it("probes the environment once, in the sandbox, and every code prompt states it; prices give cost per role", async () => {
    await start();
    const final = await invokeWholeState(
      graph,
      { taskDir: penguins! },
      {
        context: context({
          candidates: 2,
          models: { default: { model: "mock-model", baseUrl: mock.url }, prices: { "mock-model": { input: 1, output: 4 } } },
        }),
      },
    );
    expect(final.status).toBe("succeeded");
    const environment = JSON.parse(readFileSync(join(runDir, "environment.json"), "utf8"));
    expect(environment).toEqual(final.environment);
    expect(environment.python).toMatch(/^3\.\d+\.\d+$/);
    expect(environment.libraries).toHaveProperty("pandas");
    const libraries = Object.entries(environment.libraries as Record<string, string>)
      .map(([n, v]) => `${n} ${v}`)
      .join(", ");
    for (const request of mock.requests.filter((r) => roleOf(r).startsWith("coder"))) {
      const text = request.text.replace(/\s+/g, " ");
      expect(text).toContain(`Python ${environment.python} with these libraries installed: ${libraries};`);
      expect(text).toContain(`on ${environment.cpus} CPU cores`);
    }
    expect(mock.requests.find((r) => roleOf(r) === "decider")?.text).toContain(libraries);

    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    const tokens = final.usage.reduce((n, u) => n + u.inputTokens * 1 + u.outputTokens * 4, 0);
    expect(summary.cost).toBeCloseTo(tokens / 1e6, 12);
    expect(summary.usage.coder.cost).toBeGreaterThan(0);
    const coderEvent = events().find((e) => e.node === "code-model") as { usage: { coder: { cost: number } } };
    expect(coderEvent.usage.coder.cost).toBeGreaterThan(0);
    expect(summary.environment.python).toBe(environment.python);
  });

  it("records auto's fallback once per run in events.jsonl and the summary (a tool-calling-only server)", async () => {
    await start(
      {
        instructor: (req) => ({ content: prose(instructionReply(requestedRank(req.text))) }),
        researcher: { content: prose(CRITIQUES_REPLY) },
        decider: { content: prose(DECISION_REPLY) },
      },
      "functionCalling",
    );
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context({ candidates: 3 }) });
    expect(final.status).toBe("succeeded");
    expect(final.fallbacks).toEqual([
      expect.objectContaining({ from: "jsonSchema", to: "functionCalling", model: "mock-model", server: mock.url }),
    ]);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary.structuredFallbacks).toHaveLength(1);
    expect(summary.structuredFallbacks[0].reason).toMatch(/ignored response_format json_schema/);
    const logged = events().flatMap((e) => (e.structuredFallbacks as unknown[] | undefined) ?? []);
    expect(logged).toHaveLength(1);
    // after the fallback, researcher and decider ask with tools straight away
    for (const role of ["researcher", "decider"]) {
      const calls = mock.requests.filter((r) => roleOf(r) === role);
      expect(calls).toHaveLength(1);
      expect(Array.isArray(calls[0].body.tools)).toBe(true);
    }
  });

  it("shows the fixer every earlier attempt and regenerates from the instruction when an error repeats", async () => {
    const stillBroken = FIXED_SCRIPT.replace("model.predict(X_test)", "model.predict(X_tset)");
    await start({
      "coder:submission": { content: fenced(BLOCKS.brokenSubmission) },
      fixer: { content: fenced(stillBroken) },
      "fixer:regenerate": { content: fenced(FIXED_SCRIPT) },
    });
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context({ candidates: 1 }) });
    expect(final.status).toBe("succeeded");
    expect(fixAttempts(final.attempts)).toBe(2);
    expect(fixHistory(final.attempts).map((h) => [h.errorClass, h.escalated])).toEqual([
      ["NameError", false],
      ["NameError", true],
    ]);
    expect(fixHistory(final.attempts)[0].decisive).toMatch(/solution\.py", line \d+[\s\S]*\nNameError: name 'X_tset' is not defined/);
    expect(fixHistory(final.attempts)[0].change).toMatch(/^\+\d+ −\d+ lines/);
    const regenerate = mock.requests.find((r) => roleOf(r) === "fixer:regenerate");
    expect(regenerate?.text).toContain("patching them twice in a row ended in the same error");
    expect(regenerate?.text).toContain(
      "- attempt 1 (solution.v1.py): the script failed (exit code 1): NameError: name 'X_tset' is not defined",
    );
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    const error = "NameError: name 'X_tset' is not defined. Did you mean: 'X_test'?";
    expect(summary.escalations).toEqual([{ attempt: 2, error }]);
    expect(readFileSync(join(runDir, "report.md"), "utf8")).toContain(
      `- Attempt 2 repeated the previous error (${error}): the script was regenerated from the instruction`,
    );
  });

  it("the wall-time budget cuts a hanging model call: budget_exhausted, not a hang", async () => {
    await start({ decider: { hang: true } });
    const started = Date.now();
    const final = await invokeWholeState(
      graph,
      { taskDir: penguins! },
      { context: context({ candidates: 1, modelTimeoutSeconds: 120, maxWallSeconds: 8 }) },
    );
    const seconds = (Date.now() - started) / 1000;
    expect(final.status).toBe("budget_exhausted");
    expect(final.error).toMatch(/^wall-time budget spent: \d+ of 8 s$/);
    expect(seconds).toBeLessThan(15);
    expect(existsSync(join(runDir, "summary.json"))).toBe(true);
  });

  it("measures the model-call critical path of a solve against a fixed-latency mock", async () => {
    const latency = 300;
    await start({
      instructor: (req) => ({ content: instructionReply(requestedRank(req.text)), delayMs: latency }),
      researcher: { content: CRITIQUES_REPLY, delayMs: latency },
      decider: { content: DECISION_REPLY, delayMs: latency },
      "coder:preprocessing": { content: fenced(BLOCKS.preprocessing), delayMs: latency },
      "coder:architecture": { content: fenced(BLOCKS.model), delayMs: latency },
      "coder:training": { content: fenced(BLOCKS.training), delayMs: latency },
      "coder:submission": { content: fenced(BLOCKS.submission), delayMs: latency },
    });
    const started = performance.now();
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context({ candidates: 3 }) });
    const wall = performance.now() - started;
    expect(final.status).toBe("succeeded");
    const intervals = mock.requests.map((r) => [r.arrivedAt, r.finishedAt!] as const).sort((a, b) => a[0] - b[0]);
    let busy = 0;
    let end = -Infinity;
    let levels = 0;
    for (const [from, to] of intervals) {
      if (from >= end) levels++;
      busy += Math.max(0, to - Math.max(from, end));
      end = Math.max(end, to);
    }
    console.log(
      `critical path: ${mock.requests.length} model calls in ${levels} sequential steps, ${busy.toFixed(0)} ms of model time (latency ${latency} ms) in a ${wall.toFixed(0)} ms solve`,
    );
    expect(mock.requests).toHaveLength(9);
    expect(levels).toBe(7);
    expect(busy).toBeGreaterThanOrEqual(7 * latency);
    expect(busy).toBeLessThan(7 * latency + 1500);
  });
});
