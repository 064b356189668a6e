import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ExecLimits, ExecResult } from "../../../src/tools/sandbox/executor-types.js";
import { PlainExecutor } from "../../../src/tools/sandbox/plain-executor.js";

/** The unsafe executor with the real /usr/bin/python3 (trusted scripts only). */
const scratch = mkdtempSync(join(tmpdir(), "linguacodus-plain-"));
const taskDir = join(scratch, "task");
mkdirSync(taskDir);
writeFileSync(join(taskDir, "train.csv"), "a\n1\n");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const executor = new PlainExecutor("/usr/bin/python3");
let count = 0;

async function run(source: string, limits: Partial<ExecLimits> = {}): Promise<{ result: ExecResult; workDir: string }> {
  count += 1;
  const scriptPath = join(scratch, `s${count}.py`);
  writeFileSync(scriptPath, source);
  const workDir = join(scratch, `w${count}`);
  return { result: await executor.run({ scriptPath, workDir, taskDir, limits: { wallSeconds: 10, ...limits } }), workDir };
}

describe("PlainExecutor (unsafe)", () => {
  it("runs in the work directory with ./input linked, and says sandbox none", async () => {
    const { result, workDir } = await run(`
import os
print(open("input/train.csv").read().strip().replace("\\n", ","))
open("submission.csv", "w").write("ok")
`);
    expect(result).toMatchObject({ ok: true, exitCode: 0, sandbox: "none", files: ["submission.csv"] });
    expect(result.stdout).toBe("a,1\n");
    expect(readFileSync(join(workDir, "submission.csv"), "utf8")).toBe("ok");
    expect(result.peakMemoryKb).toBeGreaterThan(0);
  });

  it("still clears the environment", async () => {
    process.env.LINGUACODUS_TEST_SECRET = "plain-secret";
    try {
      const { result } = await run('import os\nprint(os.environ.get("LINGUACODUS_TEST_SECRET"))\n');
      expect(result.stdout).toBe("None\n");
    } finally {
      delete process.env.LINGUACODUS_TEST_SECRET;
    }
  });

  it("passes the script's exit code through", async () => {
    const { result } = await run("raise SystemExit(3)\n");
    expect(result).toMatchObject({ exitCode: 3, ok: false, limitHit: null });
  });

  it("kills the whole process group at the wall limit", async () => {
    const { result, workDir } = await run(
      `
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(2); open('marker', 'w')"])
while True:
    pass
`,
      { wallSeconds: 1 },
    );
    expect(result).toMatchObject({ limitHit: "wall", signal: "SIGKILL", exitCode: null });
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(existsSync(join(workDir, "marker"))).toBe(false);
  }, 15_000);

  it("applies the output cap and the file-size limit", async () => {
    const flood = await run('import sys\nwhile True:\n    sys.stdout.write("z" * 65536)\n', { outputBytes: 1024 });
    expect(flood.result).toMatchObject({ limitHit: "output", truncated: true });
    const big = await run('open("big", "wb").write(b"x" * (2 << 20))\n', { fileSizeMb: 1 });
    expect(big.result.limitHit).toBe("file_size");
  });
});
