import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PythonExecutor } from "../../../src/tools/sandbox/executor-types.js";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";
import { MAX_STREAMED_LINES } from "../../../src/tools/sandbox/stdout-lines.js";
import { tempDirs } from "../../helpers/fakes.js";

/** A script's stdout line by line while it runs, in the real bubblewrap sandbox with the real /usr/bin/python3. */

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

function sandboxOrReason(): PythonExecutor | string {
  try {
    return createPythonExecutor({ sandbox: "bwrap", python: "/usr/bin/python3" });
  } catch (error) {
    return (error as Error).message;
  }
}

const sandbox = sandboxOrReason();
const suite = typeof sandbox === "string" ? describe.skip : describe;
if (typeof sandbox === "string") console.warn(`SKIPPING stdout streaming tests: no usable bubblewrap sandbox here: ${sandbox}`);

/** Runs `source` in the sandbox, recording each streamed line with when it came. */
async function run(source: string) {
  if (typeof sandbox === "string") throw new Error(sandbox);
  const root = dirs.make("lc-stdout-");
  const scriptPath = join(root, "script.py");
  writeFileSync(scriptPath, source);
  const lines: Array<{ line: string; at: number }> = [];
  const result = await sandbox.run(
    { scriptPath, workDir: join(root, "work"), limits: { wallSeconds: 60 } },
    { onStdoutLine: (line) => lines.push({ line, at: performance.now() }) },
  );
  return { result, lines, ended: performance.now() };
}

suite("stdout streamed from the sandbox", () => {
  it("passes each line on while the script still runs, before the run's result", async () => {
    const { result, lines, ended } = await run(
      'import time\nprint("loading", flush=True)\ntime.sleep(1.5)\nprint("\\x1b[31mfold 1: 0.91\\x1b[0m")\ntime.sleep(0.5)\nprint("done", end="")\n',
    );
    expect(result.ok).toBe(true);
    expect(lines.map((l) => l.line)).toEqual(["loading", "fold 1: 0.91", "done"]);
    expect(ended - lines[0].at).toBeGreaterThan(1500); // "loading" came while the script slept
    expect(result.stdout).toContain("\x1b[31mfold 1"); // the result keeps the output as it was
  });

  it("caps a script printing a million lines: at most MAX_STREAMED_LINES lines and one saying how many were dropped", async () => {
    const total = 1_000_000;
    const { result, lines } = await run(`import sys\nsys.stdout.writelines(f"line {i}\\n" for i in range(${total}))\n`);
    expect(result.ok).toBe(true);
    expect(result.truncated).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(MAX_STREAMED_LINES + 1);
    const marker = lines.at(-1)?.line.match(/^\[linguacodus: (\d+) more line\(s\) not streamed; the attempt's log keeps the output\]$/);
    expect(marker).not.toBeNull();
    expect(lines.length - 1 + Number(marker?.[1])).toBe(total);
    expect(lines[0].line).toBe("line 0");
  }, 60_000);
});
