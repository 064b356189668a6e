import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PYTHON_DIR } from "../../../src/package-paths.js";
import { PYTHON } from "../../helpers/fakes.js";

describe("python/probe_env.py (its own unittest tests)", () => {
  it("pass: library versions from metadata, cgroup CPU quota, GPU device files, one JSON line", () => {
    const run = spawnSync(PYTHON, ["-m", "unittest", "test_probe_env", "-v"], {
      cwd: PYTHON_DIR,
      env: { PATH: "/usr/bin:/bin", PYTHONDONTWRITEBYTECODE: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(/Ran 10 tests/);
    expect(run.stderr).toMatch(/test_prints_one_json_line_with_every_field .* \.\.\. ok/);
  });
});
