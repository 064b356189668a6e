import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { MemorySaver } from "@langchain/langgraph";
import { graph, invokeWholeState, linguacodusBuilder } from "../../src/graph/linguacodus/graph.js";
import { makeContext, type Context } from "../../src/graph/linguacodus/context.js";
import { NoFixError, type Engine } from "../../src/engines/engine.js";
import type { ModelUsage } from "../../src/models/usage.js";
import { fakeEngine, instruction, tempDirs, writeFiles } from "../helpers/fakes.js";
import { binaryLabel, plainFiles, split } from "../helpers/odd-tasks.js";
import { fixAttempts } from "../../src/graph/linguacodus/attempts.js";

/*
 * Measured selection through the whole graph, on a generated task (1200 training rows: one
 * stratified holdout) with real sandbox runs of real scripts. The engine is scripted: each
 * candidate's title picks its script. Only the language model is faked.
 */

/** Lists what the script can see of the task and hunts for the holdout's answers anywhere it can read. */
const PROBE = `
import os
seen = sorted(os.listdir("input"))
print("INPUT:" + ",".join(seen))
for root, dirs, files in os.walk("/", onerror=lambda e: None):
    dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
    for f in files:
        if f == "answers.csv":
            print("LEAK:" + os.path.join(root, f))
`;

const SCRIPTS: Record<string, string> = {
  // predicts one class for every row, and claims a perfect-and-then-some score
  Liar: `import pandas as pd
test = pd.read_csv("input/test.csv")
pd.DataFrame({"id": test["id"], "label": "no"}).to_csv("submission.csv", index=False)
print("VALIDATION_SCORE: 1e308")`,
  // learns the rule, and claims a modest score
  Honest: `import pandas as pd
${PROBE}
test = pd.read_csv("input/test.csv")
pd.DataFrame({"id": test["id"], "label": ["yes" if x > 5 else "no" for x in test["x1"]]}).to_csv("submission.csv", index=False)
print("VALIDATION_SCORE: 0.5")`,
  // crashes every time; the fixer has no repair
  Broken: `raise ValueError("this candidate never works")`,
};

const TITLES = ["Liar", "Honest", "Broken"];

/** A fake model call's cost record. */
function call(role: ModelUsage["role"]): ModelUsage {
  return { role, model: "fake", inputTokens: 10, outputTokens: 10, ms: 1 };
}

/** The scripted engine, counting the code blocks written per instruction title. */
function scriptedEngine(options: { decideRank?: number; improvements?: number } = {}) {
  const blocks = new Map<string, number>();
  const engine: Engine = fakeEngine({
    rankInstruction: async (_input, rank) => ({ value: instruction(rank, TITLES[rank - 1]), usage: [call("instructor")], raw: [] }),
    research: async (_input, candidates) => ({
      value: candidates.map((c) => ({ rank: c.rank, flaws: [], strengths: [] })),
      usage: [call("researcher")],
      raw: [],
    }),
    decide: async (_input, candidates, _critiques, measured) => {
      const chosen = candidates.find((c) => c.rank === (options.decideRank ?? 1)) ?? candidates[0];
      return {
        value: { chosen: chosen.rank, rationale: measured ? `measured ${measured.scores.length}` : "paper", instruction: chosen },
        usage: [call("decider")],
        raw: [],
      };
    },
    writeBlock: async (_input, instr, block) => {
      const title = instr.title.split(" (")[0];
      blocks.set(title, (blocks.get(title) ?? 0) + 1);
      return { value: block === "preprocessing" ? SCRIPTS[title.split(" +")[0]] : "pass", usage: [call("coder")], raw: [] };
    },
    fix: async () => {
      throw new NoFixError("no repair for this script");
    },
    improve: async (_input, base) => {
      const round = base.history.filter((t) => t.source === "improvement").length + 1;
      if (round > (options.improvements ?? 0)) return { value: null, usage: [call("researcher")], raw: [] };
      return {
        value: { change: `round ${round}: the same rule again`, instruction: { ...base.instruction, title: `Honest +r${round}` } },
        usage: [call("researcher")],
        raw: [],
      };
    },
  });
  return { engine, blocks };
}

describe("measured selection: every candidate runs, the harness's holdout score decides", () => {
  const dirs = tempDirs();
  let taskDir: string;
  let runDir: string;
  const context = (extra: Partial<Context> = {}) =>
    makeContext({ selection: "measured", candidates: 3, maxFixes: 1, execTimeoutSeconds: 120, parallelRuns: 2, runDir, ...extra });

  beforeEach(() => {
    const root = dirs.make("lc-measured-");
    taskDir = join(root, "task");
    runDir = join(root, "run");
    writeFiles(taskDir, plainFiles(split(binaryLabel, 1200, 100)));
  });
  afterEach(() => dirs.cleanup());

  it("an honest candidate beats a constant one claiming 1e308; a broken one is dropped without stopping the others", async () => {
    const { engine } = scriptedEngine();
    const final = await invokeWholeState(graph, { taskDir }, { context: context(), configurable: { engine } });

    expect(final.status).toBe("succeeded");
    expect(final.holdout?.kind).toBe("stratified-holdout");
    const byTitle = new Map(final.trials.map((t) => [t.title, t]));
    expect(byTitle.get("Liar")?.holdoutScore).toBeLessThan(0.7);
    expect(byTitle.get("Liar")?.reportedScore).toBeNull();
    expect(byTitle.get("Liar")?.reportedNote).toMatch(/1e308: outside accuracy's range/);
    expect(byTitle.get("Honest")?.holdoutScore).toBeGreaterThan(0.95);
    expect(byTitle.get("Honest")?.reportedScore).toBe(0.5);
    expect(byTitle.get("Broken")?.ok).toBe(false);
    expect(fixAttempts(byTitle.get("Broken")!.attempts)).toBe(1);
    // each trial keeps its attempts; the version every fold ran carries the harness's score
    expect(byTitle.get("Broken")?.attempts).toEqual([
      expect.objectContaining({ version: 1, fixesWithoutCode: [expect.objectContaining({ change: "no fix available" })] }),
    ]);
    expect(byTitle.get("Honest")?.attempts.map((a) => [a.version, a.execution?.exitCode, a.holdoutScore])).toEqual([
      [1, 0, byTitle.get("Honest")?.holdoutScore],
    ]);
    expect(byTitle.get("Broken")?.failure).toMatch(/no fix available/);

    // the Decider chose the liar (rank 1) as it was: its run is reused, and the honest run still wins
    expect(final.decision?.rationale).toBe("measured 3");
    expect(final.trials.find((t) => t.key === "decision")?.holdoutScore).toBe(byTitle.get("Liar")?.holdoutScore);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(summary.selection).toBe("measured");
    expect(summary.bestRun).toBe("candidate-2");
    expect(summary.validationScore).toBe(byTitle.get("Honest")?.holdoutScore);
    expect(summary.candidates.find((c: { rank: number }) => c.rank === 2)).toMatchObject({
      title: "Honest",
      chosen: true,
      fixAttempts: 0,
      attempts: [{ version: 1, origin: "blocks", exit: 0, holdoutScore: byTitle.get("Honest")?.holdoutScore, reportedScore: 0.5 }],
    });
    expect(summary.candidates.find((c: { rank: number }) => c.rank === 3)).toMatchObject({ fixAttempts: 1, attempts: [{ exit: 1 }] });
    // the final run starts from the best script, seeded as its version 1
    expect(summary.attempts).toEqual([expect.objectContaining({ version: 1, origin: "seed", exit: 0 })]);
    expect(summary.holdout).toMatchObject({ kind: "stratified-holdout", folds: 1, fitRows: 960, holdoutRows: 240 });

    // the final run executed the honest script on the full task: its submission has the test ids
    const submission = readFileSync(join(runDir, "submission.csv"), "utf8").trim().split("\n");
    expect(submission).toHaveLength(101);
    expect(readFileSync(join(runDir, "code/solution.v1.py"), "utf8")).toContain('"yes" if x > 5');

    // every validation run is in events.jsonl
    const events = readFileSync(join(runDir, "events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.trial).map((e) => e.trial)).toEqual(
      expect.arrayContaining(["candidate-1", "candidate-2", "candidate-3", "decision"]),
    );
  }, 240_000);

  it("the holdout labels are absent from what a validation run can see", async () => {
    const { engine } = scriptedEngine({ decideRank: 2 });
    await invokeWholeState(graph, { taskDir }, { context: context({ candidates: 2 }), configurable: { engine } });
    const log = readFileSync(join(runDir, "trials/candidate-2/exec/attempt-1.log"), "utf8");
    expect(log).toMatch(/^INPUT:description\.md,sample_submission\.csv,test\.csv,train\.csv$/m);
    expect(log).not.toMatch(/LEAK:/);
    expect(existsSync(join(runDir, "holdout/splits/split-1/private/answers.csv"))).toBe(true);
    // the run's test file is the holdout rows' features: no label column
    expect(readFileSync(join(runDir, "holdout/splits/split-1/public/test.csv"), "utf8").split("\n")[0]).toBe("id,x1,x2,color");
  }, 240_000);

  it("improvement rounds are kept only on a holdout gain and stop at the model-call budget with the best submitted", async () => {
    const { engine } = scriptedEngine({ decideRank: 2, improvements: 5 });
    // 3 instructor + 1 researcher + 1 decider + 4 blocks × 3 candidates = 17 calls before the first round
    const final = await invokeWholeState(
      graph,
      { taskDir },
      { context: context({ improveRounds: 5, improvePatience: 5, maxModelCalls: 23 }), configurable: { engine } },
    );
    expect(final.status).toBe("succeeded");
    expect(final.searchStop).toMatch(/model-call budget spent/);
    const rounds = final.trials.filter((t) => t.source === "improvement");
    expect(rounds.length).toBeGreaterThanOrEqual(1);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    // the same rule scores the same: no round gains, so none is kept and the honest candidate stays best
    expect(summary.rounds.filter((r: { key: string }) => r.key.startsWith("round-")).every((r: { kept: boolean }) => !r.kept)).toBe(true);
    expect(summary.bestRun).toBe("candidate-2");
    expect(existsSync(join(runDir, "submission.csv"))).toBe(true);
  }, 300_000);

  it("a run stopped mid-search resumes without redoing finished validation runs", async () => {
    const { engine, blocks } = scriptedEngine({ decideRank: 2 });
    const checkpointed = linguacodusBuilder.compile({ checkpointer: new MemorySaver() });
    const config = { context: context({ parallelRuns: 1 }), configurable: { engine, thread_id: "measured-resume" } };
    const abort = new AbortController();
    const stream = await checkpointed.stream({ taskDir }, { ...config, signal: abort.signal, streamMode: "custom" });
    let finished = "";
    await expect(
      (async () => {
        for await (const chunk of stream) {
          const event = chunk as { event?: string; key?: string };
          if (event.event === "validation" && !finished) {
            finished = event.key ?? "";
            setTimeout(() => abort.abort(), 300); // the run's task has returned and its writes are saved; the next run is under way
          }
        }
      })(),
    ).rejects.toThrow();
    expect(finished).toMatch(/^candidate-\d$/);
    const finishedTitle = TITLES[Number(finished.split("-")[1]) - 1];
    const final = await invokeWholeState(checkpointed, null, config);
    expect(final.status).toBe("succeeded");
    expect(final.trials.map((t) => t.key).sort()).toEqual(["candidate-1", "candidate-2", "candidate-3", "decision"]);
    expect(blocks.get(finishedTitle)).toBe(4); // its four blocks were written once: the finished run was not redone
    expect(readdirSync(join(runDir, "trials")).some((d) => d.includes(".interrupted-"))).toBe(true);
  }, 300_000);
});
