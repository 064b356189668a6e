import type { EngineInput } from "../../../src/engines/engine.js";
import type { PythonExecutor } from "../../../src/tools/sandbox/executor-types.js";
import type { DataProfile } from "../../../src/types/profile.js";

/** An executor for unit tests that must never run Python. */
export const noExecutor: PythonExecutor = { kind: "none", run: () => Promise.reject(new Error("no Python runs in unit tests")) };

/** An engine input around a profile (no task files, no runs). */
export function unitInput(profile: DataProfile, executor: PythonExecutor = noExecutor): EngineInput {
  return { task: { dir: "/nonexistent", title: "unit", description: "", files: [] }, profile, runDir: "/nonexistent", executor };
}
