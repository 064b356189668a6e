import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { graph, invokeWholeState } from "../../src/graph/linguacodus/graph.js";
import { makeContext, type Context } from "../../src/graph/linguacodus/context.js";
import { startMockOpenAI, type MockOpenAI, type ScriptedReply } from "../helpers/mock-openai-server.js";
import { roleOf } from "../helpers/roles.js";
import { sharedTask } from "../helpers/tasks.js";
import { BLOCKS, FIXED_SCRIPT, fenced, instructionReply, penguinsHandler, requestedRank } from "../fixtures/penguins-replies.js";
import { currentVersion, fixAttempts, lastCheck } from "../../src/graph/linguacodus/attempts.js";

const penguins = sharedTask("penguins");
const suite = penguins ? describe : describe.skip;
if (!penguins) console.warn("skipping: ../shared/tasks/penguins is absent");

/** Replies of a healthy run whose first script crashes; `overrides` replaces some roles. */
function replies(overrides: Record<string, ScriptedReply | ScriptedReply[]> = {}) {
  return penguinsHandler({
    instructor: (req) => ({ content: instructionReply(requestedRank(req.text)), delayMs: 150 }),
    "coder:submission": { content: fenced(BLOCKS.brokenSubmission) },
    ...overrides,
  });
}

suite("linguacodus graph through ChatOpenAI against a mock OpenAI server", () => {
  let mock: MockOpenAI;
  let runDir: string;
  const context = (extra: Partial<Context> = {}) =>
    makeContext({
      models: { default: { model: "mock-model", baseUrl: mock.url } },
      modelRetries: 0,
      modelTimeoutSeconds: 20,
      execTimeoutSeconds: 120,
      runDir,
      ...extra,
    });

  beforeEach(() => {
    runDir = join(mkdtempSync(join(tmpdir(), "lc-run-")), "run");
  });
  afterEach(async () => {
    await mock?.close();
    rmSync(join(runDir, ".."), { recursive: true, force: true });
  });

  it("ranks k candidates concurrently, decides, writes blocks, fixes the crash and validates the submission", async () => {
    mock = await startMockOpenAI({ handler: replies() });
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context() });

    expect(final.status).toBe("succeeded");
    expect(final.engine).toBe("model");
    expect(fixAttempts(final.attempts)).toBe(1);
    expect(currentVersion(final.attempts)).toBe(2);
    expect(lastCheck(final.attempts)?.ok).toBe(true);
    expect(lastCheck(final.attempts)?.validationScore).toBeGreaterThan(0.9);
    // one record per script version: v1 crashed in exec/attempt-1, the fix wrote v2, which passed
    expect(final.attempts.map((a) => [a.version, a.origin, a.workDir, a.execution?.exitCode, a.check?.ok])).toEqual([
      [1, "blocks", join(runDir, "exec/attempt-1"), 1, false],
      [2, "fix", join(runDir, "exec/attempt-2"), 0, true],
    ]);
    expect(final.attempts[0].failure?.summary).toMatch(/NameError/);
    expect(final.attempts[1].fix?.change).toMatch(/^\+\d+ −\d+ lines/);
    const summaryJson = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summaryJson).toMatchObject({ fixAttempts: 1, codeVersions: 2 });
    expect(summaryJson.attempts).toEqual([
      expect.objectContaining({ version: 1, origin: "blocks", exit: 1, error: expect.stringMatching(/NameError/) }),
      expect.objectContaining({
        version: 2,
        origin: "fix",
        exit: 0,
        error: null,
        reportedScore: lastCheck(final.attempts)?.validationScore,
      }),
    ]);
    expect(final.candidates.map((c) => c.rank)).toEqual([1, 2, 3]);
    expect(final.usage).toHaveLength(mock.requests.length);

    const instructorCalls = mock.requests.filter((r) => roleOf(r) === "instructor");
    expect(instructorCalls).toHaveLength(3);
    const overlapping = instructorCalls.some((a) =>
      instructorCalls.some((b) => a !== b && a.arrivedAt < b.finishedAt! && b.arrivedAt < a.finishedAt!),
    );
    expect(overlapping).toBe(true);
    expect(mock.maxConcurrent).toBeGreaterThanOrEqual(2);

    for (const file of [
      "task.json",
      "profile.json",
      "profile.md",
      "instructions/candidate-1.md",
      "instructions/candidate-2.json",
      "instructions/candidate-3.json",
      "critique.md",
      "critique.json",
      "decision.json",
      "instruction.md",
      "code/blocks/preprocessing.py",
      "code/solution.v1.py",
      "code/solution.v2.py",
      "exec/attempt-1.log",
      "exec/attempt-2.log",
      "exec/attempt-1.json",
      "submission.csv",
      "score.json",
      "summary.json",
      "report.md",
      "report.html",
      "events.jsonl",
    ]) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
    expect(readFileSync(join(runDir, "exec/attempt-1.log"), "utf8")).toMatch(/NameError: name 'X_tset'/);
    const html = readFileSync(join(runDir, "report.html"), "utf8");
    expect(html).toMatch(/<svg[\s\S]*<\/svg>/);
    expect(html).toContain("Random forest variant 1");
    expect(html).not.toMatch(/<script|(src|href)=["']https?:/);
    const submission = readFileSync(join(runDir, "submission.csv"), "utf8").trim().split("\n");
    expect(submission[0]).toBe("id,species");
    expect(submission).toHaveLength(70);

    const events = readFileSync(join(runDir, "events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const nodes = events.map((e) => e.node);
    for (const node of [
      "load-task",
      "profile-data",
      "rank-instructions",
      "research",
      "decide",
      "code-preprocessing",
      "integrate",
      "execute",
      "check",
      "fix",
      "report",
    ]) {
      expect(nodes, node).toContain(node);
    }
    expect(events.every((e) => typeof e.ms === "number")).toBe(true);
    const tokens = events.filter((e) => e.usage).flatMap((e) => Object.keys(e.usage));
    expect(new Set(tokens)).toEqual(new Set(["instructor", "researcher", "decider", "coder", "fixer"]));
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary.usage.instructor.calls).toBe(3);
    expect(summary.usage.coder.inputTokens).toBeGreaterThan(0);
  });

  it("ends as failed with every artifact kept when the fixes run out", async () => {
    mock = await startMockOpenAI({
      handler: replies({ fixer: { content: fenced(`${FIXED_SCRIPT}\nraise RuntimeError('still broken')`) } }),
    });
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context({ maxFixes: 2 }) });
    expect(final.status).toBe("failed");
    expect(fixAttempts(final.attempts)).toBe(2);
    expect(final.error).toMatch(/after 2 fix attempts/);
    expect(readdirSync(join(runDir, "code")).filter((f) => f.startsWith("solution"))).toEqual([
      "solution.v1.py",
      "solution.v2.py",
      "solution.v3.py",
    ]);
    expect(readdirSync(join(runDir, "exec")).filter((f) => f.endsWith(".log"))).toHaveLength(3);
    expect(existsSync(join(runDir, "submission.csv"))).toBe(false);
    expect(JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")).status).toBe("failed");
  });

  it("sends a code-less coder reply to the fix cycle", async () => {
    mock = await startMockOpenAI({ handler: replies({ "coder:architecture": { content: "I cannot help with that." } }) });
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context() });
    expect(final.status).toBe("succeeded");
    expect(fixAttempts(final.attempts)).toBe(1);
    expect(readFileSync(join(runDir, "raw/coder-model.1.txt"), "utf8")).toBe("I cannot help with that.");
    const fixerRequest = mock.requests.find((r) => roleOf(r) === "fixer");
    expect(fixerRequest?.text).toMatch(/returned no code/);
  });

  it("ends as failed, naming the role and keeping the raw replies, when a model writes prose instead of JSON", async () => {
    mock = await startMockOpenAI({ supports: "none", handler: replies({ researcher: { content: "Candidate 1 looks fine to me." } }) });
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context() });
    expect(final.status).toBe("failed");
    expect(final.error).toMatch(/^research: role researcher \(model mock-model\) returned malformed structured output 5 times: /);
    expect(final.stopped).toEqual({ node: "instructions", ns: expect.any(String) });
    expect(readFileSync(join(runDir, "raw/research-failed.1.txt"), "utf8")).toBe("Candidate 1 looks fine to me.");
    expect(existsSync(join(runDir, "raw/research-failed.5.txt"))).toBe(true);
    expect(existsSync(join(runDir, "instructions/candidate-3.md"))).toBe(true);
    expect(JSON.parse(readFileSync(join(runDir, "stopped.json"), "utf8"))).toMatchObject({ status: "failed", stoppedAt: "instructions" });
    expect(existsSync(join(runDir, "summary.json"))).toBe(false);
    const events = readFileSync(join(runDir, "events.jsonl"), "utf8");
    expect(events).toMatch(/"node":"research","ms":\d+,"status":"error"/);
    expect(final.usage.filter((u) => u.role === "researcher")).toHaveLength(5);
  });

  it("surfaces an HTTP 500 as a clear model error in the state", async () => {
    mock = await startMockOpenAI({ handler: replies({ instructor: { status: 500 } }) });
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context() });
    expect(final.status).toBe("failed");
    expect(final.error).toMatch(
      /^rank-instructions: model call for role instructor \(model mock-model at http:\/\/127\.0\.0\.1:\d+\/v1\) failed after \d+\.\ds: HTTP 500: .*\(the server failed; it was retried modelRetries times\)$/,
    );
    expect(existsSync(join(runDir, "profile.json"))).toBe(true);
    expect(existsSync(join(runDir, "environment.json"))).toBe(true);
  });

  it("stops a model that hangs past its timeout", async () => {
    mock = await startMockOpenAI({ handler: replies({ decider: { hang: true } }) });
    const started = Date.now();
    const final = await invokeWholeState(graph, { taskDir: penguins! }, { context: context({ modelTimeoutSeconds: 1 }) });
    expect(final.status).toBe("failed");
    expect(final.error).toMatch(/^decide: model call for role decider .* timed out after 1\.\ds/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync(join(runDir, "critique.md"))).toBe(true);
  });
});
