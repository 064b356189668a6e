import { describe, expect, it } from "vitest";
import { ProgressView } from "../../src/progress/view.js";
import { Progress } from "../../src/cli/progress.js";
import type { ProgressEvent } from "../../src/types/progress-events.js";

/** Feeds events one second apart; returns every finished line. */
function linesOf(view: ProgressView, events: ProgressEvent[]): string[] {
  return events.flatMap((event, i) => view.apply(event, i * 1000));
}

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

/** One failed attempt, a fix and a second attempt that succeeds. */
const FIXED_RUN: ProgressEvent[] = [
  start("load-task"),
  end("load-task", 40),
  start("profile-data"),
  end("profile-data", 1234),
  start("execute"),
  { event: "exec-start", attempt: 1, version: 1, kind: "final" },
  { event: "stdout", attempt: 1, line: "loading data" },
  execEnd(1, { ok: false, exitCode: 1, errorLine: "NameError: name 'x' is not defined" }),
  end("execute", 2400),
  start("check"),
  end("check", 20),
  start("fix", { fixAttempts: 0 }),
  end("fix", 150),
  start("execute", { fixAttempts: 1 }),
  { event: "exec-start", attempt: 2, version: 2, kind: "final" },
  execEnd(2, { reportedScore: 0.91234 }),
  end("execute", 3100),
  start("check", { fixAttempts: 1 }),
  end("check", 30),
];

describe("ProgressView", () => {
  it("lists finished steps with their times and a failed attempt with where the run goes on", () => {
    expect(linesOf(new ProgressView(), FIXED_RUN)).toEqual([
      "✓ load-task 0.0 s",
      "✓ profile-data 1.2 s",
      "✗ execute 2.4 s",
      "✓ check 0.0 s",
      "attempt 1 failed: NameError: name 'x' is not defined → fix",
      "✓ fix 0.1 s",
      "✓ execute 3.1 s · score 0.9123",
      "✓ check 0.0 s",
    ]);
  });

  it("in plain mode (a log) also says when a final-run script starts", () => {
    const lines = linesOf(new ProgressView(true), FIXED_RUN);
    expect(lines.filter((l) => l.startsWith("▶"))).toEqual([
      "▶ execute attempt 1 (code/solution.v1.py)",
      "▶ execute attempt 2 (code/solution.v2.py)",
    ]);
    expect(lines.filter((l) => !l.startsWith("▶"))).toEqual(linesOf(new ProgressView(), FIXED_RUN));
  });

  it("shows the running step with its time and the script's latest line, and the limit that stopped an attempt", () => {
    const view = new ProgressView();
    expect(view.live(0)).toBeNull();
    view.apply(start("execute"), 1000);
    view.apply({ event: "exec-start", attempt: 1, version: 1, kind: "final" }, 1000);
    expect(view.live(1500)).toBe("execute 0.5 s");
    view.apply({ event: "stdout", attempt: 1, line: "fold 1: accuracy 0.81" }, 2000);
    view.apply({ event: "stdout", attempt: 1, line: "fold 2: \x1b[31maccuracy\x1b[0m 0.84" }, 2500);
    expect(view.live(4000)).toBe("execute 3.0 s · fold 2: accuracy 0.84");
    view.apply(execEnd(1, { ok: false, exitCode: null, limitHit: "wall", errorLine: "Killed" }), 5000);
    expect(view.apply(end("execute", 4000), 5000)).toEqual(["✗ execute 4.0 s"]);
    expect(view.live(5000)).toBeNull();
    // no step follows (out of fixes and the run stops here): the failure is shown when the run ends
    expect(view.finish()).toEqual(["attempt 1 failed: wall limit hit"]);
  });

  it("shows validation runs by their scores, their failed attempts by run, and the standings after select", () => {
    const lines = linesOf(new ProgressView(), [
      start("validate"),
      start("validate"),
      start("code-preprocessing", { candidate: "candidate-1" }),
      end("code-preprocessing", 5, { candidate: "candidate-1" }),
      start("execute", { candidate: "candidate-2" }),
      { event: "exec-start", attempt: 1, version: 1, kind: "validation", candidate: "candidate-2" },
      execEnd(1, { ok: false, exitCode: 1, errorLine: "KeyError: 'label'", candidate: "candidate-2" }),
      end("execute", 900, { candidate: "candidate-2" }),
      start("check", { candidate: "candidate-2" }),
      start("fix", { candidate: "candidate-2" }),
      {
        event: "validation",
        key: "candidate-1",
        rank: 1,
        holdoutScore: 0.8,
        reportedScore: 0.75,
        failure: null,
        ms: 12_300,
      },
      end("validate", 12_300),
      { event: "validation", key: "candidate-2", rank: 2, holdoutScore: null, reportedScore: null, failure: "no fix\navailable", ms: 4000 },
      end("validate", 4000),
      start("select"),
      { event: "candidate-score", key: "candidate-1", rank: 1, title: "Forest", holdoutScore: 0.8, reportedScore: 0.75, position: 1 },
      { event: "candidate-score", key: "candidate-2", rank: 2, title: "Boost", holdoutScore: null, reportedScore: null, position: null },
      end("select", 10),
      start("improve"),
      { event: "improvement", round: 1, change: "more capacity for the best model:\nn_estimators 300→600", parent: "candidate-1" },
      end("improve", 20),
      start("improve"),
      end("improve", 20),
    ]);
    expect(lines).toEqual([
      "candidate-2 attempt 1 failed: KeyError: 'label' → fix",
      "✓ validate candidate-1 12.3 s · holdout 0.8000, reported 0.7500",
      "✗ validate candidate-2 4.0 s · no fix available",
      "✓ select 0.0 s · 1. candidate-1 0.8000",
      "✓ improve 0.0 s · round 1: more capacity for the best model: n_estimators 300→600",
      "✓ improve 0.0 s",
    ]);
  });

  it("marks skipped, paused and failed steps", () => {
    expect(
      linesOf(new ProgressView(), [
        start("code-model"),
        end("code-model", 0, { status: "skipped" }),
        start("review"),
        end("review", 100, { status: "interrupted" }),
        start("decide"),
        end("decide", 2500, { status: "error" }),
        start("validate"),
        end("validate", 300, { status: "cancelled" }),
      ]),
    ).toEqual(["– code-model 0.0 s skipped", "⏸ review 0.1 s paused", "✗ decide 2.5 s failed", "✗ validate 0.3 s cancelled"]);
  });
});

/** A stream that records what is written. */
function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 40, write: (text: string) => writes.push(text) } };
}

describe("Progress", () => {
  it("writes the finished lines only when stderr is not a terminal", () => {
    const { writes, stream } = recorder(false);
    const progress = new Progress(stream);
    progress.start();
    for (const event of FIXED_RUN) progress.event(event);
    progress.stop();
    expect(writes.join("")).toBe(
      [
        "✓ load-task 0.0 s",
        "✓ profile-data 1.2 s",
        "▶ execute attempt 1 (code/solution.v1.py)",
        "✗ execute 2.4 s",
        "✓ check 0.0 s",
        "attempt 1 failed: NameError: name 'x' is not defined → fix",
        "✓ fix 0.1 s",
        "▶ execute attempt 2 (code/solution.v2.py)",
        "✓ execute 3.1 s · score 0.9123",
        "✓ check 0.0 s",
        "",
      ].join("\n"),
    );
  });

  it("on a terminal, redraws one live line, cut to the width, under the finished lines", () => {
    const { writes, stream } = recorder(true);
    const progress = new Progress(stream);
    progress.start();
    progress.event(start("execute"));
    progress.event({ event: "stdout", attempt: 1, line: "a long line the script printed about its folds and scores" });
    progress.event(end("execute", 1000));
    progress.stop();
    const live = writes.filter((w) => w.startsWith("\r\x1b[2K["));
    expect(live.length).toBeGreaterThanOrEqual(2);
    for (const line of live) expect(line.length - "\r\x1b[2K".length).toBeLessThanOrEqual(39);
    expect(live[1]).toMatch(/^\r\x1b\[2K\[ +\d+\.\ds\] ▶ execute 0\.0 s · a long/);
    expect(writes).toContain("✓ execute 1.0 s\n");
    expect(writes.at(-1)).toBe("\r\x1b[2K");
  });
});
