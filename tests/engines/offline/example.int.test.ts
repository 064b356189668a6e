import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { solveWithEngine } from "../../../bench/offline-solve.js";
import { createOfflineEngine } from "../../../src/engines/offline/index.js";
import { loadTask } from "../../../src/tools/task/load-task.js";
import { profileData } from "../../../src/tools/task/profile-data.js";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";
import { PYTHON } from "./tiny-tasks.js";

const EXAMPLE = fileURLToPath(new URL("../../../examples/wine", import.meta.url));
const ANSWERS = fileURLToPath(new URL("../../../examples/wine-answers.csv", import.meta.url));

const LOG_LOSS = `
import sys, pandas as pd
from sklearn.metrics import log_loss
sub, ans = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
cols = [c for c in ans.columns if c != "id"]
sub = sub.set_index("id").loc[ans["id"], cols]
print(log_loss(ans[cols].to_numpy().argmax(1), sub.to_numpy() / sub.to_numpy().sum(1, keepdims=True), labels=list(range(len(cols)))))
`;

let runDir = "";
afterAll(async () => {
  if (runDir) await rm(runDir, { recursive: true, force: true });
});

describe("shipped example task (examples/wine)", () => {
  it("is solved offline in at most 15 s, at most 1 s of it outside Python, with a good log loss", async () => {
    runDir = await mkdtemp(join(tmpdir(), "offline-example-"));
    const started = Date.now();
    const task = await loadTask(EXAMPLE);
    const profileStart = Date.now();
    const profile = await profileData(task, { python: PYTHON });
    const profileMs = Date.now() - profileStart;
    const executor = createPythonExecutor({ python: PYTHON, sandbox: "none" });
    const outcome = await solveWithEngine(createOfflineEngine(), { task, profile, executor, runDir });
    const wallMs = Date.now() - started;
    const outsidePythonMs = wallMs - profileMs - outcome.pythonMs;
    expect(profile.submissionForm).toBe("class_probabilities");
    expect(outcome.problems).toEqual([]);
    expect(outcome.fixes).toBe(0);
    expect(wallMs).toBeLessThanOrEqual(15_000);
    expect(outsidePythonMs).toBeLessThanOrEqual(1_000);
    const { stdout } = await promisify(execFile)(PYTHON, ["-c", LOG_LOSS, outcome.submission ?? "", ANSWERS]);
    expect(Number(stdout)).toBeLessThan(0.3);
    console.log(`example solve: ${(wallMs / 1000).toFixed(1)} s wall, ${(outsidePythonMs / 1000).toFixed(2)} s outside Python, log loss ${Number(stdout).toFixed(4)}`);
  });
});
