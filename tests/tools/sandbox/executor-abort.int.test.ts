import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";

const hasBwrap = existsSync("/usr/bin/bwrap");

describe.each([
  ["bwrap", hasBwrap],
  ["none", true],
] as const)("aborting a run (%s)", (sandbox, available) => {
  it.skipIf(!available)("kills the whole tree at once and reports the cancellation", async () => {
    const root = mkdtempSync(join(tmpdir(), "lc-abort-"));
    try {
      const script = join(root, "sleep.py");
      writeFileSync(script, "import subprocess, time\nsubprocess.Popen(['sleep', '60'])\ntime.sleep(60)\n");
      const executor = createPythonExecutor({ sandbox });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 1000);
      const started = Date.now();
      const result = await executor.run(
        { scriptPath: script, workDir: join(root, "work"), limits: { wallSeconds: 60 } },
        { signal: controller.signal },
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.ok).toBe(false);
      expect(result.limitHit).toBeNull();
      expect(result.stderr).toMatch(/cancelled by the caller/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
