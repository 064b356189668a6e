import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBench } from "../../../src/bench/bench.js";
import type { TaskResult } from "../../../src/bench/result.js";
import { readResults } from "../../../src/bench/store.js";
import { makeContext } from "../../../src/graph/linguacodus/context.js";
import { PYTHON } from "./tiny-tasks.js";

const GENERATOR = fileURLToPath(new URL("./make_unseen_tasks.py", import.meta.url));
let root = "";
let results: TaskResult[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "offline-unseen-"));
  await promisify(execFile)(PYTHON, [GENERATOR, join(root, "suite"), "shop-demand-forecast", "small-grades"]);
  await runBench({
    suite: join(root, "suite"),
    modes: ["pipeline", "vanilla"],
    concurrency: 2,
    out: join(root, "out"),
    resume: false,
    context: makeContext({ engine: "offline", execTimeoutSeconds: 300 }),
    taskTimeoutSeconds: null,
  });
  results = (await readResults(join(root, "out")))?.results ?? [];
}, 600_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const result = (task: string, mode: "pipeline" | "vanilla") => {
  const found = results.find((r) => r.task === task && r.mode === mode);
  if (!found) throw new Error(`no ${mode} result for ${task}`);
  return found;
};

describe("offline engine on tasks it has never seen (tests/engines/offline/make_unseen_tasks.py)", () => {
  it("forecasts past the training period without the lag columns that are blank in the test rows, ahead of the plain reference", () => {
    const pipeline = result("shop-demand-forecast", "pipeline");
    const vanilla = result("shop-demand-forecast", "vanilla");
    expect(pipeline, `${pipeline.error} ${pipeline.invalidReason}`).toMatchObject({ status: "succeeded", valid: true });
    expect(vanilla.valid).toBe(true);
    expect(pipeline.score).toBeLessThan(vanilla.score ?? 0);
  });

  it("solves a small multiclass table at least as well as the plain reference", () => {
    const pipeline = result("small-grades", "pipeline");
    expect(pipeline, `${pipeline.error} ${pipeline.invalidReason}`).toMatchObject({ status: "succeeded", valid: true });
    expect(pipeline.score).toBeGreaterThanOrEqual(result("small-grades", "vanilla").score ?? 1);
    console.log(`unseen tasks: ${results.map((r) => `${r.task}/${r.mode} ${r.score} in ${r.seconds.total.toFixed(1)} s`).join(", ")}`);
  });
});
