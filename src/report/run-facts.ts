import { join } from "node:path";
import type { State } from "../graph/linguacodus/state.js";
import { readScriptMetrics } from "../tools/task/metrics-file.js";
import type { ScriptMetricsRead } from "../types/script-metrics.js";
import { runAttempts, type Attempt } from "./attempts.js";

/** What the report reads from the run directory besides the state. */
export interface RunFacts {
  /** Every attempt of the final script, oldest first. */
  attempts: Attempt[];
  /** The metrics.json of the last attempt that ran, or the note why there is none. */
  metrics: ScriptMetricsRead;
}

/** Reads the attempts and the last executed attempt's metrics.json (as untrusted input). */
export async function readRunFacts(state: State): Promise<RunFacts> {
  const attempts = await runAttempts(state);
  const lastRun = attempts.findLast((a) => a.run !== null);
  const metrics =
    state.runDir && lastRun
      ? await readScriptMetrics(join(state.runDir, "exec", `attempt-${lastRun.attempt}`))
      : { metrics: null, note: "no script ran" };
  return { attempts, metrics };
}
