import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, symlinkSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { executeNode } from "../../src/agents/execute.js";
import { checkNode } from "../../src/agents/check.js";
import { reportNode } from "../../src/agents/report.js";
import { summarise } from "../../src/graph/linguacodus/summary.js";
import { afterCheck } from "../../src/graph/linguacodus/routes.js";
import type { State } from "../../src/graph/linguacodus/state.js";
import type { Attempt } from "../../src/types/attempt.js";
import {
  attempt,
  execResult,
  failedAttempt,
  FakeExecutor,
  instruction,
  nodeConfig,
  TINY_TEST_IDS,
  writeFiles,
  useTinyRun,
  readArtifact,
} from "../helpers/fakes.js";

const { run, freshState } = useTinyRun();

/** A fresh state whose attempts `make` builds from its run directory. */
function withAttempts(make: (runDir: string) => Attempt[], extra: Partial<State> = {}): State {
  const state = freshState(extra);
  return { ...state, attempts: make(state.runDir!) };
}

const scriptFailure = { summary: "the script failed: exit code 1", error: "boom", stdoutTail: "" };

const goodSubmission = ["id,label", ...TINY_TEST_IDS.map((id, i) => `${id},${i % 2}`)].join("\n") + "\n";

describe("execute node", () => {
  it("runs the current script version in exec/attempt-N with the context's limits and logs the result", async () => {
    const result = execResult({ exitCode: 1, ok: false, stdout: "loading\n", stderr: "Traceback: boom\n", durationMs: 321 });
    const executor = new FakeExecutor(() => result);
    const state = withAttempts((r) => [failedAttempt(r, 1, scriptFailure), attempt(r, 2)], { code: "print('hi')\n" });
    const update = await executeNode(state, nodeConfig({ execTimeoutSeconds: 42, execMemoryMb: 512 }, { executor }));

    expect(executor.requests).toEqual([
      {
        scriptPath: join(state.runDir!, "code/solution.v2.py"),
        workDir: join(state.runDir!, "exec/attempt-2"),
        taskDir: run().task.dir,
        limits: { wallSeconds: 42, memoryMb: 512 },
      },
    ]);
    expect(update).toEqual({ attempts: [{ ...state.attempts[1], workDir: join(state.runDir!, "exec/attempt-2"), execution: result }] });
    const log = readArtifact(state.runDir!, "exec/attempt-2.log");
    expect(log).toContain("# attempt 2: code/solution.v2.py");
    expect(log).toContain("# exit 1; limit none; 321 ms; sandbox none");
    expect(log).toContain("## stdout\nloading\n");
    expect(log).toContain("## stderr\nTraceback: boom\n");
    expect(JSON.parse(readArtifact(state.runDir!, "exec/attempt-2.json"))).toEqual(result);
  });

  it("logs the signal and the limit of a killed run", async () => {
    const executor = new FakeExecutor(() => execResult({ exitCode: null, signal: "SIGKILL", limitHit: "wall", ok: false }));
    const state = withAttempts((r) => [attempt(r, 1)], { code: "while True: pass\n" });
    await executeNode(state, nodeConfig({}, { executor }));
    expect(readArtifact(state.runDir!, "exec/attempt-1.log")).toContain("# exit SIGKILL; limit wall;");
  });

  it("needs a script", async () => {
    await expect(executeNode(freshState(), nodeConfig({}, { executor: new FakeExecutor() }))).rejects.toThrow(/needs a script/);
  });
});

describe("check node", () => {
  /** A state whose version `fixes + 1` (after `fixes` fixes) ran in exec/attempt-<fixes + 1> with `execution`; `files` land there. */
  function executed(execution = execResult(), files: Record<string, string> = {}, fixes = 0): State {
    const state = withAttempts(
      (r) => [
        ...Array.from({ length: fixes }, (_, i) => failedAttempt(r, i + 1, scriptFailure)),
        attempt(r, fixes + 1, { workDir: join(r, "exec", `attempt-${fixes + 1}`), execution }),
      ],
      { code: "x\n" },
    );
    writeFiles(join(state.runDir!, "exec", `attempt-${fixes + 1}`), files);
    return state;
  }
  /** The check and failure the update records on the attempt. */
  const result = (update: Awaited<ReturnType<typeof checkNode>>) => {
    expect(update.attempts).toHaveLength(1);
    const [checked] = update.attempts!;
    expect(checked.endedAt).toEqual(expect.any(Number));
    return { submissionCheck: checked.check, failure: checked.failure };
  };

  it("flags a script that exited non-zero, keeping the traceback and the printed score", async () => {
    const state = executed(
      execResult({ exitCode: 1, ok: false, stdout: "VALIDATION_SCORE: 0.61\nmore", stderr: "Traceback\nKeyError: 'label'" }),
      {
        "submission.csv": goodSubmission,
      },
    );
    const update = await checkNode(state, nodeConfig());
    expect(result(update).submissionCheck).toEqual({
      ok: false,
      problems: ["the script failed (exit code 1): KeyError: 'label'"],
      validationScore: 0.61,
    });
    expect(result(update).failure).toEqual({
      summary: "the script failed (exit code 1): KeyError: 'label'",
      error: "Traceback\nKeyError: 'label'",
      stdoutTail: "VALIDATION_SCORE: 0.61\nmore",
    });
    expect(existsSync(join(state.runDir!, "submission.csv"))).toBe(false);
    expect(afterCheck({ ...state, ...update, attempts: update.attempts! }, nodeConfig({ maxFixes: 1 }))).toBe("fix");
  });

  it("names the limit that killed the script", async () => {
    const update = await checkNode(
      executed(execResult({ exitCode: null, signal: "SIGKILL", limitHit: "memory", ok: false })),
      nodeConfig(),
    );
    expect(result(update).failure?.summary).toBe(
      "the memory limit (4096 MiB) stopped the script; raise it with --memory <MiB> (run context execMemoryMb)",
    );
  });

  it("flags a missing submission", async () => {
    const update = await checkNode(executed(execResult({ stdout: "VALIDATION_SCORE: 0.9\n" })), nodeConfig());
    expect(result(update).submissionCheck?.ok).toBe(false);
    expect(result(update).submissionCheck?.problems.join(" ")).toMatch(/submission\.csv was not written/);
    expect(result(update).submissionCheck?.validationScore).toBe(0.9);
    expect(result(update).failure?.summary).toBe(
      "the script ran but its submission.csv is invalid: submission.csv was not written (file not found)",
    );
    expect(update.submissionPath).toBeUndefined();
  });

  it.each([
    ["a directory", (path: string) => mkdirSync(path), "submission.csv is a directory, not a regular file"],
    ["a FIFO", (path: string) => expect(spawnSync("mkfifo", [path]).status).toBe(0), "submission.csv is a FIFO, not a regular file"],
    ["a symlink to a host file", (path: string) => symlinkSync("/etc/passwd", path), "submission.csv is a symbolic link, not a file"],
  ])("sends a submission.csv that is %s to the fix cycle instead of reading it", async (_kind, plant, problem) => {
    const state = executed(execResult({ stdout: "VALIDATION_SCORE: 0.5\n" }), { "keep.txt": "" });
    plant(join(state.runDir!, "exec", "attempt-1", "submission.csv"));
    const update = await checkNode(state, nodeConfig());
    expect(result(update).submissionCheck?.ok).toBe(false);
    expect(result(update).submissionCheck?.problems[0]).toMatch(new RegExp(`^${problem}`));
    expect(result(update).failure?.summary).toMatch(new RegExp(`^the script ran but its submission.csv is invalid: ${problem}`));
    expect(existsSync(join(state.runDir!, "submission.csv"))).toBe(false);
    expect(afterCheck({ ...state, ...update, attempts: update.attempts! }, nodeConfig({ maxFixes: 1 }))).toBe("fix");
  });

  it("does not parse a 200 MiB submission.csv (tiny task: at most 16 MiB)", async () => {
    const state = executed(execResult(), { "submission.csv": "id,label\n" });
    const path = join(state.runDir!, "exec", "attempt-1", "submission.csv");
    truncateSync(path, 200 * 1024 * 1024);
    const update = await checkNode(state, nodeConfig());
    expect(result(update).submissionCheck?.problems).toEqual([
      "submission.csv is 200.0 MiB, more than the 16 MiB allowed for this task; write one row per test id",
    ]);
  });

  it("flags a wrong row count", async () => {
    const short = goodSubmission.trim().split("\n").slice(0, 6).join("\n") + "\n";
    const update = await checkNode(executed(execResult(), { "submission.csv": short }), nodeConfig());
    expect(result(update).submissionCheck?.ok).toBe(false);
    expect(result(update).submissionCheck?.problems.join("\n")).toMatch(/5 rows.*10|10.*5 rows/);
    expect(result(update).failure?.error).toContain(result(update).submissionCheck!.problems[0]);
  });

  it("flags labels that are not classes of the task", async () => {
    const wrong = goodSubmission.replace(`${TINY_TEST_IDS[0]},0`, `${TINY_TEST_IDS[0]},maybe`);
    const update = await checkNode(executed(execResult(), { "submission.csv": wrong }), nodeConfig());
    expect(result(update).submissionCheck?.ok).toBe(false);
    expect(result(update).submissionCheck?.problems.join("\n")).toMatch(/maybe/);
  });

  it("accepts a correct submission: copies it into the run directory and writes score.json", async () => {
    const state = executed(execResult({ stdout: "fold 1\nVALIDATION_SCORE: 0.875\n" }), { "submission.csv": goodSubmission }, 1);
    const update = await checkNode(state, nodeConfig());
    expect(result(update)).toEqual({
      submissionCheck: { ok: true, problems: [], validationScore: 0.875, metrics: null, metricsNote: "the script wrote no metrics.json" },
      failure: null,
    });
    expect(update.attempts![0]).toMatchObject({ version: 2, execution: state.attempts[1].execution });
    expect(update.submissionPath).toBe(join(state.runDir!, "submission.csv"));
    expect(readArtifact(state.runDir!, "submission.csv")).toBe(goodSubmission);
    expect(JSON.parse(readArtifact(state.runDir!, "score.json"))).toEqual({
      metric: "accuracy",
      higherIsBetter: true,
      validationScore: 0.875,
      attempt: 2,
      codeVersion: 2,
    });
    expect(afterCheck({ ...state, ...update, attempts: [state.attempts[0], ...update.attempts!] }, nodeConfig({ maxFixes: 0 }))).toBe(
      "report",
    );
  });

  it("needs an execution", async () => {
    await expect(checkNode(freshState(), nodeConfig())).rejects.toThrow(/needs an execution/);
  });
});

describe("report node", () => {
  const usage = [
    { role: "coder" as const, model: "fake", inputTokens: 10, outputTokens: 5, ms: 1 },
    { role: "coder" as const, model: "fake", inputTokens: 7, outputTokens: 3, ms: 1 },
    { role: "fixer" as const, model: "fake", inputTokens: 2, outputTokens: 1, ms: 1 },
  ];

  it("marks a validated submission as succeeded and writes summary.json and report.md", async () => {
    const final = instruction(2, "Forest final");
    const state = withAttempts(
      (r) => [
        failedAttempt(r, 1, scriptFailure, { startedAt: 1000, endedAt: 1500 }),
        attempt(r, 2, {
          workDir: join(r, "exec/attempt-2"),
          execution: execResult({ durationMs: 250, stdout: "VALIDATION_SCORE: 0.8\n" }),
          check: { ok: true, problems: [], validationScore: 0.8 },
          startedAt: 1600,
          endedAt: 2000,
        }),
      ],
      {
        submissionPath: "/runs/x/submission.csv",
        decision: { chosen: 2, rationale: "Best of three.", instruction: final },
        instruction: final,
        usage,
      },
    );
    const update = await reportNode(state, nodeConfig());
    const reportPath = join(state.runDir!, "report.html");
    expect(update).toEqual({
      status: "succeeded",
      error: null,
      validationScore: 0.8,
      metric: "accuracy",
      higherIsBetter: true,
      instructionTitle: "Forest final",
      reportPath,
    });
    const summary = JSON.parse(readArtifact(state.runDir!, "summary.json"));
    expect(summary).toEqual({
      status: "succeeded",
      engine: "model",
      runDir: state.runDir,
      submissionPath: "/runs/x/submission.csv",
      instructionTitle: "Forest final",
      metric: "accuracy",
      higherIsBetter: true,
      validationScore: 0.8,
      validationSource: "script",
      reportedScore: 0.8,
      selection: "paper",
      holdout: null,
      candidates: [],
      rounds: [],
      bestRun: null,
      searchStop: null,
      reportPath,
      fixAttempts: 1,
      escalations: [],
      codeVersions: 2,
      attempts: [
        {
          version: 1,
          origin: "blocks",
          change: null,
          exit: 1,
          limitHit: null,
          error: "the script failed: exit code 1",
          execMs: 12,
          durationMs: 500,
          reportedScore: null,
          holdoutScore: null,
        },
        {
          version: 2,
          origin: "fix",
          change: "+1 −1 lines",
          exit: 0,
          limitHit: null,
          error: null,
          execMs: 250,
          durationMs: 400,
          reportedScore: 0.8,
          holdoutScore: null,
        },
      ],
      models: null,
      error: null,
      stoppedAt: null,
      usage: {
        coder: { calls: 2, inputTokens: 17, outputTokens: 8, cost: null },
        fixer: { calls: 1, inputTokens: 2, outputTokens: 1, cost: null },
      },
      cost: null,
      structuredFallbacks: [],
      environment: null,
    });
    const report = readArtifact(state.runDir!, "report.md");
    expect(report).toContain("# Linguacodus run: Tiny churn");
    expect(report).toContain("- Status: **succeeded**");
    expect(report).toContain("validation score: 0.8");
    expect(report).toContain("Chosen candidate 2. Best of three.");
    expect(report).toContain("# Forest final");
    expect(report).toContain("| final run | v1 | blocks | exit 1 | 0.0 s | none |  | the script failed: exit code 1 |");
    expect(report).toContain("| final run | v2 | fix: +1 −1 lines | exit 0 | 0.3 s | 0.8 |  |  |");
  });

  it("marks a run without a valid submission as failed, naming the last failure and the attempts", async () => {
    const state = withAttempts((r) => [1, 2, 3, 4].map((v) => failedAttempt(r, v, scriptFailure)));
    const update = await reportNode(state, nodeConfig());
    expect(update).toMatchObject({
      status: "failed",
      error: "the script failed: exit code 1 (after 3 fix attempts)",
      validationScore: null,
    });
    const summary = JSON.parse(readArtifact(state.runDir!, "summary.json"));
    expect(summary).toMatchObject({
      status: "failed",
      error: "the script failed: exit code 1 (after 3 fix attempts)",
      submissionPath: null,
      codeVersions: 4,
    });
    expect(readArtifact(state.runDir!, "report.md")).toContain(
      "- Status: **failed** — the script failed: exit code 1 (after 3 fix attempts)",
    );
  });

  it("keeps an error set earlier (no fix available) and says 'no valid submission' when nothing else is known", async () => {
    const withError = freshState({ status: "failed", error: "no fix available: unknown error" });
    expect(await reportNode(withError, nodeConfig())).toMatchObject({ status: "failed", error: "no fix available: unknown error" });
    const bare = freshState();
    expect(await reportNode(bare, nodeConfig())).toMatchObject({
      status: "failed",
      error: "no valid submission",
      reportPath: join(bare.runDir!, "report.html"),
    });
    expect(readdirSync(bare.runDir!).sort()).toEqual(["report.html", "report.md", "summary.json"]);
  });

  it("keeps budget_exhausted", async () => {
    const update = await reportNode(freshState({ status: "budget_exhausted" }), nodeConfig());
    expect(update.status).toBe("budget_exhausted");
  });

  it("summarise fills defaults for a partial state", () => {
    expect(summarise({}, "failed")).toEqual({
      status: "failed",
      engine: undefined,
      runDir: undefined,
      submissionPath: null,
      instructionTitle: null,
      metric: null,
      higherIsBetter: null,
      validationScore: null,
      validationSource: null,
      reportedScore: null,
      selection: "paper",
      holdout: null,
      candidates: [],
      rounds: [],
      bestRun: null,
      searchStop: null,
      reportPath: null,
      fixAttempts: 0,
      escalations: [],
      codeVersions: 0,
      attempts: [],
      models: null,
      error: null,
      stoppedAt: null,
      usage: {},
      cost: null,
      structuredFallbacks: [],
      environment: null,
    });
  });
});
