import { describe, expect, it } from "vitest";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { emitProgress, emitStandings, execProgress, FOLD_KEY, TRIAL_KEY } from "../../src/graph/linguacodus/progress.js";
import type { Trial } from "../../src/types/trial.js";
import { execResult, instruction } from "../helpers/fakes.js";

/** A node config whose custom-stream writer records what it gets. */
function recording(configurable: Record<string, unknown> = {}) {
  const written: unknown[] = [];
  const config: LangGraphRunnableConfig = { configurable, writer: (chunk: unknown) => written.push(chunk) };
  return { written, config };
}

/** A validation run with a holdout score (null: failed). */
function trial(key: string, rank: number | null, holdoutScore: number | null, round = 0): Trial {
  return {
    key,
    source: key.startsWith("round-") ? "improvement" : key === "decision" ? "decision" : "candidate",
    rank,
    round,
    title: `T ${key}`,
    instruction: instruction(rank ?? 1),
    change: null,
    parent: null,
    dir: `/runs/trials/${key}`,
    attempts: [],
    ok: holdoutScore !== null,
    holdoutScore,
    foldScores: [],
    reportedScore: holdoutScore === null ? null : 0.5,
    reportedNote: null,
    failure: holdoutScore === null ? "broken" : null,
    execMs: 0,
    durationMs: 0,
  };
}

describe("progress events", () => {
  it("are a no-op without a writer (an invoke, a bare config)", () => {
    expect(() => emitProgress({}, { event: "node-start", node: "execute", fixAttempts: 0 })).not.toThrow();
    const progress = execProgress({}, 1, 1);
    expect(() => progress.onStdoutLine("hello")).not.toThrow();
    expect(() => progress.end(execResult())).not.toThrow();
  });

  it("say which validation run and fold they come from", () => {
    const { written, config } = recording({ [TRIAL_KEY]: "candidate-2", [FOLD_KEY]: 3 });
    emitProgress(config, { event: "node-end", node: "check", ms: 5, status: "ok" });
    expect(written).toEqual([{ event: "node-end", node: "check", ms: 5, status: "ok", candidate: "candidate-2", fold: 3 }]);
  });

  it("give an execution's start, its stdout lines and its end with the exception in one printable line and the script's score", () => {
    const { written, config } = recording({ [TRIAL_KEY]: "decision" });
    const progress = execProgress(config, 2, 3);
    progress.onStdoutLine("fold 1: 0.8");
    progress.end(
      execResult({
        ok: false,
        exitCode: 1,
        durationMs: 1500,
        stdout: "fold 1: 0.8\nVALIDATION_SCORE: 0.8\n",
        stderr: "Traceback (most recent call last):\n  File \"solution.py\", line 3\nKeyError: \x1b[31m'label'\x1b[0m\n",
      }),
    );
    expect(written).toEqual([
      { event: "exec-start", attempt: 2, version: 3, kind: "validation", candidate: "decision" },
      { event: "stdout", attempt: 2, line: "fold 1: 0.8", candidate: "decision" },
      {
        event: "exec-end",
        attempt: 2,
        ok: false,
        exitCode: 1,
        limitHit: null,
        errorLine: "KeyError: 'label'",
        reportedScore: 0.8,
        ms: 1500,
        candidate: "decision",
      },
    ]);
  });

  it("give the standings best first in the metric's direction, runs without a score last and unplaced", () => {
    const { written, config } = recording();
    emitStandings(
      config,
      [trial("candidate-1", 1, 0.4), trial("candidate-2", 2, null), trial("decision", 1, 0.2), trial("round-1", null, 0.3, 1)],
      false,
    );
    expect(written.map((e) => [(e as { key: string }).key, (e as { position: number | null }).position])).toEqual([
      ["decision", 1],
      ["round-1", 2],
      ["candidate-1", 3],
      ["candidate-2", null],
    ]);
    expect(written[0]).toEqual({
      event: "candidate-score",
      key: "decision",
      rank: 1,
      title: "T decision",
      holdoutScore: 0.2,
      reportedScore: 0.5,
      position: 1,
    });
  });
});
