import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const FINETUNE = fileURLToPath(new URL("../../finetune", import.meta.url));
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const available = spawnSync(PYTHON, ["--version"]).status === 0;

describe.skipIf(!available)("finetune/ Python helpers (unittest; torch-dependent tests skip themselves without torch)", () => {
  it("pass: masking with EOS in the loss, splits, encoding, the GPU check's verdict, the training loop", () => {
    const run = spawnSync(PYTHON, ["-m", "unittest", "discover", "-s", FINETUNE, "-p", "test_*.py", "-v"], {
      cwd: FINETUNE,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(/test_check_catches_the_originals_masked_eos_and_prompt_leaks \(.*\) \.\.\. ok/);
  });
});
