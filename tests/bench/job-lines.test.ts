import { describe, expect, it } from "vitest";
import { JobLines } from "../../src/bench/job-lines.js";
import { BenchProgress } from "../../src/bench/progress.js";
import type { TaskResult } from "../../src/bench/result.js";
import type { ProgressEvent } from "../../src/types/progress-events.js";

const start = (node: string, extra: Partial<ProgressEvent> = {}): ProgressEvent =>
  ({ event: "node-start", node, fixAttempts: 0, ...extra }) as ProgressEvent;
const end = (node: string, ms: number, extra: Partial<ProgressEvent> = {}): ProgressEvent =>
  ({ event: "node-end", node, ms, status: "ok", ...extra }) as ProgressEvent;
const execEnd = (attempt: number, extra: Partial<ProgressEvent> = {}): ProgressEvent =>
  ({
    event: "exec-end",
    attempt,
    ok: true,
    exitCode: 0,
    limitHit: null,
    errorLine: null,
    reportedScore: null,
    ms: 2300,
    ...extra,
  }) as ProgressEvent;
const stdout = (line: string, extra: Partial<ProgressEvent> = {}): ProgressEvent =>
  ({ event: "stdout", attempt: 1, line, ...extra }) as ProgressEvent;

/** A measured-selection run: two validation runs (one fixed on the way), the standings, a final run that fails once and is fixed. */
const MEASURED_RUN: ProgressEvent[] = [
  start("load-task"),
  end("load-task", 40),
  start("profile-data"),
  end("profile-data", 1234),
  start("rank-instructions"),
  end("rank-instructions", 2500),
  start("validate"),
  start("validate"),
  start("execute", { candidate: "candidate-2" }),
  { event: "exec-start", attempt: 1, version: 1, kind: "validation", candidate: "candidate-2" },
  stdout("fold 1", { candidate: "candidate-2" }),
  execEnd(1, { ok: false, exitCode: 1, errorLine: "KeyError: 'label'", candidate: "candidate-2" }),
  end("execute", 900, { candidate: "candidate-2" }),
  start("check", { candidate: "candidate-2" }),
  end("check", 10, { candidate: "candidate-2" }),
  start("fix", { candidate: "candidate-2" }),
  end("fix", 1500, { candidate: "candidate-2" }),
  { event: "validation", key: "candidate-1", rank: 1, holdoutScore: 0.8, reportedScore: 0.75, failure: null, ms: 12_300 },
  end("validate", 12_300),
  { event: "validation", key: "candidate-2", rank: 2, holdoutScore: 0.85, reportedScore: 0.9, failure: null, ms: 15_000 },
  end("validate", 15_000),
  start("select"),
  { event: "candidate-score", key: "candidate-2", rank: 2, title: "Boost", holdoutScore: 0.85, reportedScore: 0.9, position: 1 },
  { event: "candidate-score", key: "candidate-1", rank: 1, title: "Forest", holdoutScore: 0.8, reportedScore: 0.75, position: 2 },
  end("select", 10),
  start("execute"),
  { event: "exec-start", attempt: 1, version: 3, kind: "final" },
  stdout("loading data"),
  execEnd(1, { ok: false, exitCode: 1, errorLine: "NameError: name 'x' is not defined" }),
  end("execute", 2400),
  start("check"),
  end("check", 20),
  start("fix"),
  end("fix", 800),
  start("execute", { fixAttempts: 1 }),
  { event: "exec-start", attempt: 2, version: 4, kind: "final" },
  execEnd(2, { reportedScore: 0.86 }),
  end("execute", 3100),
  start("check", { fixAttempts: 1 }),
  end("check", 30),
  start("report"),
  end("report", 200),
];

/** Feeds events one second apart; returns every finished line, then the ones left at the end. */
function linesOf(lines: JobLines, events: ProgressEvent[]): string[] {
  return [...events.flatMap((event, i) => lines.apply(event, i * 1000)), ...lines.finish()];
}

describe("a bench job's progress lines", () => {
  it("lists the slow steps with their times, failed attempts with where the run goes on, validation runs and the standings", () => {
    expect(linesOf(new JobLines("tiny-cls/measured", false), MEASURED_RUN)).toEqual([
      "tiny-cls/measured ✓ profile-data 1.2 s",
      "tiny-cls/measured ✓ rank-instructions 2.5 s",
      "tiny-cls/measured candidate-2 attempt 1 failed: KeyError: 'label' → fix",
      "tiny-cls/measured ✓ validate candidate-1 12.3 s · holdout 0.8000, reported 0.7500",
      "tiny-cls/measured ✓ validate candidate-2 15.0 s · holdout 0.8500, reported 0.9000",
      "tiny-cls/measured ✓ select 0.0 s · 1. candidate-2 0.8500, 2. candidate-1 0.8000",
      "tiny-cls/measured ✗ execute 2.4 s",
      "tiny-cls/measured attempt 1 failed: NameError: name 'x' is not defined → fix",
      "tiny-cls/measured ✓ fix 0.8 s",
      "tiny-cls/measured ✓ execute 3.1 s · score 0.8600",
    ]);
  });

  it("in a log also says when a final-run script starts, and shows an attempt no step followed when the job ends", () => {
    const events: ProgressEvent[] = [
      start("execute"),
      { event: "exec-start", attempt: 1, version: 1, kind: "final" },
      stdout("epoch 1"),
      execEnd(1, { ok: false, exitCode: null, limitHit: "wall", errorLine: "Killed" }),
      end("execute", 4000),
    ];
    expect(linesOf(new JobLines("tiny-reg/vanilla#1", true), events)).toEqual([
      "tiny-reg/vanilla#1 ▶ execute attempt 1 (code/solution.v1.py)",
      "tiny-reg/vanilla#1 ✗ execute 4.0 s",
      "tiny-reg/vanilla#1 attempt 1 failed: wall limit hit",
    ]);
  });
});

describe("BenchProgress", () => {
  it("prints each job's lines with the elapsed time and its key, then its outcome", () => {
    const writes: string[] = [];
    const progress = new BenchProgress(1, { write: (text: string) => writes.push(text) });
    progress.jobStarted("tiny-cls/pipeline");
    for (const event of MEASURED_RUN.slice(-17)) progress.event("tiny-cls/pipeline", event);
    const result = { valid: true, metric: "accuracy", score: 0.86, seconds: { total: 12.5 } } as TaskResult;
    progress.jobFinished("tiny-cls/pipeline", result);
    const lines = writes.join("").trimEnd().split("\n");
    for (const line of lines) expect(line).toMatch(/^\[ +\d+\.\ds\] tiny-cls\/pipeline /);
    expect(lines.map((line) => line.replace(/^\[ +\d+\.\ds\] /, ""))).toEqual([
      "tiny-cls/pipeline started",
      "tiny-cls/pipeline ▶ execute attempt 1 (code/solution.v3.py)",
      "tiny-cls/pipeline ✗ execute 2.4 s",
      "tiny-cls/pipeline attempt 1 failed: NameError: name 'x' is not defined → fix",
      "tiny-cls/pipeline ✓ fix 0.8 s",
      "tiny-cls/pipeline ▶ execute attempt 2 (code/solution.v4.py)",
      "tiny-cls/pipeline ✓ execute 3.1 s · score 0.8600",
      "tiny-cls/pipeline ✓ valid, accuracy 0.8600 (12.5s)",
    ]);
  });
});
