import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { graph } from "../../src/graph/linguacodus/graph.js";
import { graph as parentGraph } from "../../examples/parent-graph/graph.js";
import { makeContext, type Context } from "../../src/graph/linguacodus/context.js";
import type { Engine } from "../../src/engines/engine.js";
import { ProgressView } from "../../src/progress/view.js";
import { parseProgressEvent, type ProgressEvent } from "../../src/types/progress-events.js";
import { fakeEngine, instruction, PYTHON, tempDirs, writeFiles } from "../helpers/fakes.js";
import { binaryLabel, plainFiles, split } from "../helpers/odd-tasks.js";

/*
 * The progress events of whole runs of the main graph, as a stream() caller with streamMode
 * "custom" gets them: real sandbox runs of real scripts, the offline engine or (for a scripted
 * crash and its fix) a scripted engine. Only the language model is faked.
 */

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

/** A fresh task (1200 training rows: one stratified holdout) and run directory. */
function place(): { taskDir: string; runDir: string } {
  const root = dirs.make("lc-progress-");
  const taskDir = join(root, "task");
  writeFiles(taskDir, plainFiles(split(binaryLabel, 1200, 100)));
  return { taskDir, runDir: join(root, "run") };
}

/** Streams the main graph on a task and returns every progress event, in the order it came (anything else fails the test). */
async function eventsOf(taskDir: string, context: Context, configurable: Record<string, unknown> = {}): Promise<ProgressEvent[]> {
  const events: ProgressEvent[] = [];
  const stream = await graph.stream({ taskDir }, { context, configurable, streamMode: ["custom"], subgraphs: true });
  for await (const [, , chunk] of stream) {
    const event = parseProgressEvent(chunk);
    expect(event, JSON.stringify(chunk)).not.toBeNull();
    if (event) events.push(event);
  }
  return events;
}

/** The events of one script execution: from its exec-start to its exec-end, in that validation run (or the final run). */
function execution(events: ProgressEvent[], candidate: string | undefined, attempt: number) {
  const inScope = (e: ProgressEvent) =>
    "attempt" in e && e.attempt === attempt && ("candidate" in e ? e.candidate : undefined) === candidate;
  const first = events.findIndex((e) => e.event === "exec-start" && inScope(e));
  const last = events.findIndex((e) => e.event === "exec-end" && inScope(e));
  const stdout = events.flatMap((e, i) => (e.event === "stdout" && inScope(e) ? [i] : []));
  return { first, last, stdout, start: events[first], end: events[last] };
}

describe("progress events on the custom stream", { timeout: 600_000 }, () => {
  it("a measured run: steps start and end in order, each execution streams its stdout before it ends, the standings follow", async () => {
    const { taskDir, runDir } = place();
    const events = await eventsOf(
      taskDir,
      makeContext({ engine: "offline", selection: "measured", candidates: 2, runDir, python: PYTHON, experience: "off", parallelRuns: 2 }),
    );

    // every main-graph step ends after it starts, with its time
    for (const node of ["load-task", "profile-data", "split-holdout", "select"]) {
      const started = events.findIndex((e) => e.event === "node-start" && e.node === node && !("candidate" in e && e.candidate));
      const ended = events.findIndex((e) => e.event === "node-end" && e.node === node && !("candidate" in e && e.candidate));
      expect(started, node).toBeGreaterThanOrEqual(0);
      expect(ended, node).toBeGreaterThan(started);
      expect(events[ended]).toMatchObject({ status: "ok", ms: expect.any(Number) });
    }

    // each validation run executes its own script, tagged with its key; the final run's is "final"
    for (const candidate of ["candidate-1", "candidate-2", undefined]) {
      const run = execution(events, candidate, 1);
      expect(run.first, String(candidate)).toBeGreaterThanOrEqual(0);
      expect(run.start).toMatchObject({ kind: candidate ? "validation" : "final" });
      expect(run.last).toBeGreaterThan(run.first);
      expect(run.end).toMatchObject({ ok: true, exitCode: 0, limitHit: null, errorLine: null });
      expect(run.stdout.length, String(candidate)).toBeGreaterThan(0);
      for (const at of run.stdout) expect(at).toBeGreaterThan(run.first);
      for (const at of run.stdout) expect(at).toBeLessThan(run.last);
      const executeEnd = events.findIndex((e, i) => i > run.last && e.event === "node-end" && e.node === "execute");
      expect(executeEnd).toBeGreaterThan(run.last);
    }
    for (const e of events) if (e.event === "stdout") expect(e.line).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);

    // each validation run ends with its holdout score; select then gives the standings, best first
    const validations = events.filter((e) => e.event === "validation");
    expect(validations.map((e) => e.key).sort()).toEqual(["candidate-1", "candidate-2", "decision"]);
    const standings = events.filter((e) => e.event === "candidate-score");
    expect(standings.length).toBeGreaterThanOrEqual(2);
    const firstStandings = standings.slice(0, 2);
    expect(firstStandings.map((s) => s.key).sort()).toEqual(["candidate-1", "candidate-2"]);
    expect(firstStandings.map((s) => s.position)).toEqual([1, 2]);
    expect(firstStandings[0].holdoutScore).toBeGreaterThanOrEqual(firstStandings[1].holdoutScore ?? 0);
    const lastValidation = events.findLastIndex((e) => e.event === "validation");
    const finalExec = execution(events, undefined, 1);
    expect(finalExec.first).toBeGreaterThan(lastValidation);

    // the CLI's reading of the same events
    const view = new ProgressView();
    const lines = events.flatMap((e, i) => view.apply(e, i));
    expect(lines[0]).toMatch(/^✓ load-task \d+\.\d s$/);
    expect(lines).toContainEqual(expect.stringMatching(/^✓ validate candidate-1 \d+\.\d s · holdout \d\.\d{4}, reported /));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ select \d+\.\d s · 1\. \S+ \d\.\d{4}, 2\. /));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ execute \d+\.\d s/));
    expect(lines.at(-1)).toMatch(/^✓ record-experience /);
  });

  it("a crashing script: exec-end gives the exception in one line, the CLI shows the attempt failed → fix, and the fixed script's score", async () => {
    const { taskDir, runDir } = place();
    const broken = 'print("reading input")\nprint(x)';
    const fixed = `import pandas as pd
test = pd.read_csv("input/test.csv")
pd.DataFrame({"id": test["id"], "label": ["yes" if v > 5 else "no" for v in test["x1"]]}).to_csv("submission.csv", index=False)
print("VALIDATION_SCORE: 0.875")`;
    const call = (role: "instructor" | "researcher" | "decider" | "coder") => [
      { role, model: "fake", inputTokens: 1, outputTokens: 1, ms: 1 },
    ];
    const engine: Engine = fakeEngine({
      rankInstruction: async (_input, rank) => ({ value: instruction(rank), usage: call("instructor"), raw: [] }),
      research: async (_input, candidates) => ({
        value: candidates.map((c) => ({ rank: c.rank, flaws: [], strengths: [] })),
        usage: call("researcher"),
        raw: [],
      }),
      decide: async (_input, candidates) => ({
        value: { chosen: 1, rationale: "first", instruction: candidates[0] },
        usage: call("decider"),
        raw: [],
      }),
      writeBlock: async (_input, _instr, block) => ({ value: block === "preprocessing" ? broken : "pass", usage: call("coder"), raw: [] }),
      fix: async () => ({ value: fixed, usage: call("coder"), raw: [] }),
    });
    const events = await eventsOf(taskDir, makeContext({ candidates: 1, runDir, python: PYTHON, experience: "off", maxFixes: 2 }), {
      engine,
    });

    const first = execution(events, undefined, 1);
    expect(first.end).toMatchObject({ ok: false, exitCode: 1, errorLine: "NameError: name 'x' is not defined", reportedScore: null });
    expect(first.stdout.map((i) => events[i])).toEqual([{ event: "stdout", attempt: 1, line: "reading input" }]);
    const second = execution(events, undefined, 2);
    expect(second.start).toMatchObject({ kind: "final", version: 2 });
    expect(second.end).toMatchObject({ ok: true, reportedScore: 0.875 });
    expect(second.first).toBeGreaterThan(events.findIndex((e) => e.event === "node-end" && e.node === "fix"));

    const view = new ProgressView();
    const lines = events.flatMap((e, i) => view.apply(e, i));
    const from = lines.findIndex((l) => l.startsWith("✗ execute"));
    expect(lines.slice(from, from + 6).map((l) => l.replace(/\d+\.\d s/, "T"))).toEqual([
      "✗ execute T",
      "✓ check T",
      "attempt 1 failed: NameError: name 'x' is not defined → fix",
      "✓ fix T",
      "✓ execute T · score 0.8750",
      "✓ check T",
    ]);
  });

  it("reach a parent graph that streams custom events while it runs Linguacodus as a node", async () => {
    const { taskDir, runDir } = place();
    const context = makeContext({ engine: "offline", candidates: 1, runsDir: join(runDir, ".."), python: PYTHON, experience: "off" });
    const events: ProgressEvent[] = [];
    const stream = await parentGraph.stream({ taskDirs: [taskDir] }, { context, streamMode: "custom", subgraphs: true });
    for await (const [, chunk] of stream) {
      const event = parseProgressEvent(chunk);
      if (event) events.push(event);
    }
    const run = execution(events, undefined, 1);
    expect(run.start).toMatchObject({ kind: "final", version: 1 });
    expect(run.end).toMatchObject({ ok: true });
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(run.stdout.every((at) => at > run.first && at < run.last)).toBe(true);
    expect(events.filter((e) => e.event === "node-end").map((e) => e.node)).toEqual(
      expect.arrayContaining(["load-task", "profile-data", "execute", "check", "report"]),
    );
  });
});
