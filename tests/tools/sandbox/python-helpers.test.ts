import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PYTHON_DIR } from "../../../src/package-paths.js";

const PYTHON = "/usr/bin/python3";
const seccompBindings = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import seccomp"]).status === 0;
if (!seccompBindings) console.warn("SKIPPING the sandbox's Python helper tests: /usr/bin/python3 without python3-seccomp");

describe.skipIf(!seccompBindings)("python/ sandbox helpers (unittest under /usr/bin/python3)", () => {
  it("pass: the seccomp filter builder (exported and loaded) and the host-side monitor", () => {
    const run = spawnSync(PYTHON, ["-m", "unittest", "-v", "test_seccomp_filter", "test_sandbox_monitor"], {
      cwd: PYTHON_DIR,
      env: { PATH: "/usr/bin:/bin", PYTHONDONTWRITEBYTECODE: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(/Ran 15 tests/);
    expect(run.stderr).toMatch(/test_denies_the_listed_calls_with_eperm_and_clone3_with_enosys .* \.\.\. ok/);
  });
});
