/**
 * Experience memory through the whole graph (offline engine, the shipped example task, real
 * Python in the default sandbox): a run with experience off touches no store; a run with it on
 * records; the plain reference (vanilla) links its score into that record; a read-only run
 * recalls it, shows it in its report, and writes nothing.
 */
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { graph, invokeWholeState } from "../../src/graph/linguacodus/graph.js";
import { graph as codegen } from "../../src/graph/codegen/graph.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { readExperiences } from "../../src/memory/experience-store.js";
import type { ExperienceMode } from "../../src/types/experience.js";
import { tempDirs } from "../helpers/fakes.js";
import { CountingStore } from "./counting-store.js";
import { lastCheck } from "../../src/graph/linguacodus/attempts.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/wine", import.meta.url));
const dirs = tempDirs();
afterAll(() => dirs.cleanup());
const root = dirs.make("lc-experience-graph-");

/** Runs the pipeline (or the vanilla codegen graph) on the example with a store and a mode. */
async function solve(name: string, store: CountingStore, experience: ExperienceMode, vanilla = false) {
  const runDir = join(root, name);
  const context = makeContext({ engine: "offline", runDir, experience, candidates: 2 });
  const config = { context, store };
  const final = vanilla ? await codegen.invoke({ taskDir: EXAMPLE }, config) : await invokeWholeState(graph, { taskDir: EXAMPLE }, config);
  return { final, runDir, artifact: (file: string) => join(runDir, file) };
}

describe("experience memory through the graph", () => {
  const store = new CountingStore();

  it("off: the run reads and writes nothing, and says so in its report", async () => {
    const { final, artifact } = await solve("off", store, "off");
    expect(final.status).toBe("succeeded");
    expect([store.reads, store.writes]).toEqual([0, 0]);
    expect(existsSync(artifact("experience.json"))).toBe(false);
    expect(existsSync(artifact("experience-recorded.json"))).toBe(false);
    expect(final.experience).toBeUndefined();
    expect(readFileSync(artifact("report.md"), "utf8")).toContain("No experience was recalled");
  });

  it("on: records the run; the plain reference then fills in its relative score; read-only recalls it and writes nothing", async () => {
    const first = await solve("on", store, "on");
    expect(first.final.status).toBe("succeeded");
    expect(first.final.experience).toMatchObject({ mode: "on", examples: [], searched: 0, problem: null });
    const recorded = JSON.parse(readFileSync(first.artifact("experience-recorded.json"), "utf8"));
    expect(recorded.key).toBe(`run:${first.final.runId}`);
    expect(recorded.record.outcome).toMatchObject({
      status: "succeeded",
      score: lastCheck(first.final.attempts)!.validationScore,
      referenceScore: null,
    });

    const reference = await solve("vanilla", store, "on", true);
    expect(reference.final.status).toBe("succeeded");
    const refScore = lastCheck(reference.final.attempts)!.validationScore!;
    const { items } = await readExperiences(store);
    expect(items.map((i) => i.record.source).sort()).toEqual(["reference", "run"]);
    const run = items.find((i) => i.record.source === "run")!.record;
    expect(run.outcome.referenceScore).toBe(refScore);
    // log loss: lower is better, so a smaller loss than the reference is a positive relative score
    expect(run.outcome.relativeScore).toBeCloseTo((refScore - run.outcome.score!) / refScore, 10);

    const writes = store.writes;
    const third = await solve("read-only", store, "read-only");
    expect(store.writes).toBe(writes);
    expect(existsSync(third.artifact("experience-recorded.json"))).toBe(false);
    expect(third.final.experience?.examples.map((e) => [e.key, e.similarity])).toEqual([[recorded.key, 1]]);
    const report = readFileSync(third.artifact("report.md"), "utf8");
    expect(report).toContain("Experience read-only: 1 of 2 stored experiences retrieved by BM25.");
    expect(report).toContain(run.instruction!.title);
    expect(readFileSync(third.artifact("report.html"), "utf8")).toContain("<h2>Experience</h2>");
  });
});
