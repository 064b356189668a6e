import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PYTHON } from "../../helpers/fakes.js";

const PYTHON_DIR = fileURLToPath(new URL("../../../python", import.meta.url));

describe("python/ profiler unittests (sniffing, encodings, reference copies, a 500 MB CSV within 400 MiB)", () => {
  it("pass", () => {
    const run = spawnSync(PYTHON, ["-m", "unittest", "discover", "-s", PYTHON_DIR, "-p", "test_*.py", "-v"], {
      cwd: PYTHON_DIR,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      encoding: "utf8",
      timeout: 600_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(
      /test_a_500_mb_csv_stays_within_the_memory_bound \(.*\) \.\.\. \nprofiled 5\d\d MiB in [\d.]+ s, peak RSS \d+ MiB\nok/,
    );
  }, 600_000);
});
