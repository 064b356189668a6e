/**
 * A 500 MB training CSV (generated here, never committed) against a 1000 MiB memory limit: the
 * profiler reads it in bounded memory, the first script (its plan cut to the time budget, not to the
 * memory limit) hits the limit, and the offline repair samples fewer rows, chunk by chunk while
 * reading, so the second attempt fits and solves.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graph, invokeWholeState } from "../../src/graph/linguacodus/graph.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { PYTHON, tempDirs, writeFiles } from "../helpers/fakes.js";
import { description } from "../helpers/odd-tasks.js";
import { opCall } from "../engines/offline/script-calls.js";
import { lastCheck } from "../../src/graph/linguacodus/attempts.js";

const dirs = tempDirs();
let taskDir = "";

/** Writes train.csv of at least 500 MiB: one 20 000-row block (x decides the label) written again and again. */
const GENERATE = [
  "import sys",
  "rows = ''.join(f'{i},{(i * 37) % 1000 / 10},{\"abc\"[i % 3]},{int((i * 37) % 1000 >= 500)}\\n' for i in range(20000)).encode()",
  "with open(sys.argv[1], 'wb') as out:",
  "    out.write(b'id,x,c,label\\n')",
  "    for _ in range(500 * 1024 * 1024 // len(rows) + 1):",
  "        out.write(rows)",
].join("\n");

/** The 500 MB case takes minutes on 2 cores: it runs with LINGUACODUS_HEAVY_TESTS=1 (the 500 MB profiler bound is also checked by python/test_profile_data.py). */
const HEAVY = process.env.LINGUACODUS_HEAVY_TESTS === "1";

beforeAll(() => {
  if (!HEAVY) return;
  taskDir = join(dirs.make("lc-big-"), "task");
  const test = ["id,x,c", ...Array.from({ length: 100 }, (_, i) => `${1_000_000 + i},${(i * 7) % 100},${"abc"[i % 3]}`)];
  const sample = ["id,label", ...Array.from({ length: 100 }, (_, i) => `${1_000_000 + i},0`)];
  writeFiles(taskDir, {
    "description.md": description(),
    "test.csv": `${test.join("\n")}\n`,
    "sample_submission.csv": `${sample.join("\n")}\n`,
  });
  execFileSync(PYTHON, ["-c", GENERATE, join(taskDir, "train.csv")]);
}, 300_000);
afterAll(() => dirs.cleanup());

describe.skipIf(!HEAVY)(`a 500 MB CSV under a 1000 MiB memory limit${HEAVY ? "" : " (skipped: set LINGUACODUS_HEAVY_TESTS=1)"}`, () => {
  it("the repair samples rows while reading and the second attempt solves the task", async () => {
    const runDir = join(dirs.make("lc-big-run-"), "run");
    const final = await invokeWholeState(
      graph,
      { taskDir },
      {
        context: makeContext({ engine: "offline", runDir, python: PYTHON, sandbox: "bwrap", execMemoryMb: 1000, execTimeoutSeconds: 900 }),
      },
    );
    const attempt = (n: number) => JSON.parse(readFileSync(join(runDir, "exec", `attempt-${n}.json`), "utf8"));
    const profiled = final.profile?.files.find((f) => f.name === "train.csv");
    expect(profiled?.sampledRows).toBe(100_000);
    // the plan fitted to the time budget already trains on a sample (a quarter of the rows: too many for
    // the memory limit); the memory repair keeps at most 200 000, which load_data draws chunk by chunk while reading
    expect(attempt(1).limitHit).toBe("memory");
    expect(attempt(2)).toMatchObject({ ok: true, limitHit: null });
    const load = opCall(readFileSync(join(runDir, "code", "solution.v2.py"), "utf8"), "load_data");
    expect(load).toContain(`max_rows=200000, train_rows=${profiled?.rows})`);
    expect(final).toMatchObject({ status: "succeeded", fixAttempts: 1 });
    expect(lastCheck(final.attempts)?.validationScore).toBeGreaterThan(0.95);
  }, 1_500_000);
});
