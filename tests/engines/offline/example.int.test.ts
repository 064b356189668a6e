import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { graph, invokeWholeState } from "../../../src/graph/linguacodus/graph.js";
import { makeContext } from "../../../src/graph/linguacodus/context.js";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";
import { readRunEvents } from "../../../src/bench/events.js";
import { PYTHON } from "./tiny-tasks.js";
import { fixAttempts } from "../../../src/graph/linguacodus/attempts.js";

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
  it("is solved offline through the graph with a good log loss (time and time outside Python printed)", async () => {
    runDir = await mkdtemp(join(tmpdir(), "offline-example-"));
    const started = Date.now();
    const executor = createPythonExecutor({ python: PYTHON, sandbox: "none" });
    const context = makeContext({ engine: "offline", runDir, python: PYTHON, sandbox: "none" });
    const final = await invokeWholeState(graph, { taskDir: EXAMPLE }, { context, configurable: { executor } });
    const wallMs = Date.now() - started;
    // Python runs in profile-data (the profiler) and execute (the script): time outside those stages is graph overhead.
    const { stages } = await readRunEvents(runDir);
    const pythonMs = (stages.prepare + stages.execute) * 1000;
    const outsidePythonMs = wallMs - pythonMs;
    expect(final.profile?.submissionForm).toBe("class_probabilities");
    expect(final.status).toBe("succeeded");
    expect(fixAttempts(final.attempts)).toBe(0);
    // Speed is a benchmark figure, not an assertion (it depends on the machine's load): printed below.
    const { stdout } = await promisify(execFile)(PYTHON, ["-c", LOG_LOSS, final.submissionPath ?? "", ANSWERS]);
    expect(Number(stdout)).toBeLessThan(0.3);
    console.log(
      `example solve: ${(wallMs / 1000).toFixed(1)} s wall, ${(outsidePythonMs / 1000).toFixed(2)} s outside Python, log loss ${Number(stdout).toFixed(4)}`,
    );
  });
});
