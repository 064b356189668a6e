import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PYTHON } from "./tiny-tasks.js";

const PYTHON_DIR = fileURLToPath(new URL("../../../python", import.meta.url));

describe("python/linguacodus_ops (the offline engine's op templates)", () => {
  it("pass their unittest suite: op contracts on real pipelines, the budget guard, leakage rules, the small-table validation rules, the inlined form, a current manifest", () => {
    const run = spawnSync(PYTHON, ["-m", "unittest", "discover", "-s", "linguacodus_ops/tests", "-t", ".", "-v"], {
      cwd: PYTHON_DIR,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      encoding: "utf8",
      timeout: 180_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(/test_manifest_is_current \(.*\) \.\.\. ok/);
    expect(run.stderr).toMatch(/test_target_encoding_never_sees_the_rows_own_label \(.*\) \.\.\. ok/);
    expect(run.stderr).toMatch(/test_members_within_one_standard_error_of_the_best_share_equal_weights \(.*\) \.\.\. ok/);
    expect(run.stderr).toMatch(/Ran 29 tests/);
  }, 200_000);
});
