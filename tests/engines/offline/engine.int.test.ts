import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graph, invokeWholeState } from "../../../src/graph/linguacodus/graph.js";
import { makeContext } from "../../../src/graph/linguacodus/context.js";
import { createOfflineEngine } from "../../../src/engines/offline/index.js";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";
import { sharedTask } from "../../helpers/tasks.js";
import { opCall } from "./script-calls.js";
import { makeTinyTasks, PYTHON, type TinyTask } from "./tiny-tasks.js";
import { lastCheck } from "../../../src/graph/linguacodus/attempts.js";

const executor = createPythonExecutor({ python: PYTHON, sandbox: "none" });
let root = "";
let tiny: TinyTask[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "offline-engine-"));
  tiny = await makeTinyTasks(join(root, "tasks"));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Solves a task through the real graph with the offline engine and the unsandboxed executor. */
async function solve(taskDir: string, runDir: string) {
  return invokeWholeState(
    graph,
    { taskDir },
    { context: makeContext({ engine: "offline", runDir, python: PYTHON, sandbox: "none" }), configurable: { executor } },
  );
}

const tinyTask = (name: string) => {
  const found = tiny.find((t) => t.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe("offline engine, whole solves", () => {
  it("races the candidates and decides by the measured score", async () => {
    const { task, profile } = tinyTask("binary-mixed");
    const input = { task, profile, executor, runDir: join(root, "race-run") };
    const engine = createOfflineEngine({ race: true });
    const candidates = await Promise.all([1, 2, 3].map(async (rank) => (await engine.rankInstruction(input, rank, 3)).value));
    const decision = (await engine.decide(input, candidates, (await engine.research(input, candidates)).value)).value;
    const scores = decision.raceScores ?? {};
    expect(Object.keys(scores).sort()).toEqual(["1", "2", "3"]);
    expect(Object.values(scores).every((s) => typeof s === "number")).toBe(true);
    const best = Math.max(...Object.values(scores).map(Number));
    expect(scores[String(decision.chosen)]).toBe(best);
    expect(decision.rationale).toMatch(/Raced the repaired candidates/);
    for (const rank of [1, 2, 3]) {
      const script = await readFile(join(root, "race-run", "race", `candidate-${rank}`, "solution.py"), "utf8");
      expect(opCall(script, "load_data")).toContain("quick=True, quick_rows=3000");
    }
  });

  it("solves a time-ordered count task with leaky train-only columns", async () => {
    const { task } = tinyTask("counts-rmsle");
    const final = await solve(task.dir, join(root, "counts"));
    expect(final.status).toBe("succeeded");
    expect(lastCheck(final.attempts)?.problems).toEqual([]);
    expect(final.instruction?.validation.map((s) => s.op)).toContain("time_split_cv");
    const code = await readFile(join(root, "counts", "code", "solution.v1.py"), "utf8");
    expect(opCall(code, "drop_leakage")).toMatch(/^drop_leakage\(S, columns=\[.*"casual", "registered"/);
  });

  const penguins = sharedTask("penguins");
  it.skipIf(!penguins)(
    `solves penguins from the shared suite${penguins ? "" : " (skipped: ../shared/tasks/penguins/public not found)"}`,
    async () => {
      const final = await solve(penguins ?? "", join(root, "penguins"));
      expect(final.status).toBe("succeeded");
      expect(lastCheck(final.attempts)?.validationScore).toBeGreaterThan(0.95);
    },
  );
});
