import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { probeEnvironment, EnvironmentProbeError } from "../../../src/tools/environment/probe-environment.js";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";
import type { PythonExecutor } from "../../../src/tools/sandbox/executor-types.js";
import { execResult, FakeExecutor, PYTHON, tempDirs } from "../../helpers/fakes.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

function sandboxOrReason(): PythonExecutor | string {
  try {
    return createPythonExecutor({ python: PYTHON, sandbox: "bwrap" });
  } catch (error) {
    return (error as Error).message;
  }
}
const sandbox = sandboxOrReason();
if (typeof sandbox === "string") console.warn(`SKIPPING the sandboxed probe test: no usable bubblewrap sandbox: ${sandbox}`);

describe("probeEnvironment", () => {
  it.skipIf(typeof sandbox === "string")("runs the probe in the bubblewrap sandbox with the run's interpreter", async () => {
    const executor = sandbox as PythonExecutor;
    const started = Date.now();
    const environment = await probeEnvironment(executor, join(dirs.make("lc-probe-"), "probe"));
    console.log(`environment probe in the sandbox: ${Date.now() - started} ms`);
    expect(environment.python).toMatch(/^3\.\d+\.\d+$/);
    expect(environment.implementation).toBe("CPython");
    expect(environment.libraries.pandas).toMatch(/^\d+\.\d+/);
    expect(environment.cpus).toBeGreaterThanOrEqual(1);
    expect([...Object.keys(environment.libraries), ...environment.missing]).toContain("lightgbm");
  });

  it("names the cause when the probe fails or prints no JSON", async () => {
    const crashed = new FakeExecutor(() => execResult({ ok: false, exitCode: 1, stderr: "Traceback\nImportError: no json" }));
    await expect(probeEnvironment(crashed, join(dirs.make("lc-probe-"), "p"))).rejects.toThrow(
      new EnvironmentProbeError("the environment probe failed (exit code 1): Traceback ImportError: no json"),
    );
    const silent = new FakeExecutor(() => execResult({ stdout: "hello" }));
    await expect(probeEnvironment(silent, join(dirs.make("lc-probe-"), "p"))).rejects.toThrow(
      /printed no JSON line \(stdout starts "hello"\)/,
    );
    const malformed = new FakeExecutor(() => execResult({ stdout: '{"python": 3}\n' }));
    await expect(probeEnvironment(malformed, join(dirs.make("lc-probe-"), "p"))).rejects.toThrow(/output is malformed/);
  });
});
