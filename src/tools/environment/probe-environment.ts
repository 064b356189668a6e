import { join } from "node:path";
import { PYTHON_DIR } from "../../package-paths.js";
import { EnvironmentSchema, type Environment } from "../../types/environment.js";
import type { PythonExecutor } from "../sandbox/executor-types.js";

/** The environment probe shipped with the project. */
export const PROBE_SCRIPT = join(PYTHON_DIR, "probe_env.py");

/** A probe that did not produce an environment: the reason, in a sentence. */
export class EnvironmentProbeError extends Error {
  override readonly name = "EnvironmentProbeError";
}

/**
 * Runs python/probe_env.py through the run's executor (the same interpreter, sandbox and limits
 * generated scripts get), in `workDir`, and returns what it found.
 */
export async function probeEnvironment(executor: PythonExecutor, workDir: string, signal?: AbortSignal): Promise<Environment> {
  const result = await executor.run({ scriptPath: PROBE_SCRIPT, workDir, limits: { wallSeconds: 60, memoryMb: 1024 } }, { signal });
  if (!result.ok) {
    const why = result.limitHit ? `the ${result.limitHit} limit fired` : `exit code ${result.exitCode ?? result.signal}`;
    throw new EnvironmentProbeError(`the environment probe failed (${why}): ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
  }
  const line = result.stdout.trim().split("\n").pop() ?? "";
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new EnvironmentProbeError(
      `the environment probe printed no JSON line (stdout starts ${JSON.stringify(result.stdout.slice(0, 80))})`,
    );
  }
  const parsed = EnvironmentSchema.safeParse(json);
  if (!parsed.success) throw new EnvironmentProbeError(`the environment probe's output is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
