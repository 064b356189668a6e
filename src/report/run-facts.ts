import type { State } from "../graph/linguacodus/state.js";
import { readScriptMetrics } from "../tools/task/metrics-file.js";
import type { ScriptMetricsRead } from "../types/script-metrics.js";
import { attemptsTimeline, type TimelineEntry } from "./attempts.js";

/** What the report reads from the run directory besides the state. */
export interface RunFacts {
  /** Every version of the final script, oldest first. */
  attempts: TimelineEntry[];
  /** The metrics.json of the last version that ran, or the note why there is none. */
  metrics: ScriptMetricsRead;
}

/** Reads the attempts timeline and the last executed version's metrics.json (as untrusted input). */
export async function readRunFacts(state: State): Promise<RunFacts> {
  const lastRun = state.attempts.findLast((a) => a.execution !== null && a.workDir !== null);
  const metrics = lastRun?.workDir ? await readScriptMetrics(lastRun.workDir) : { metrics: null, note: "no script ran" };
  return { attempts: await attemptsTimeline(state.attempts), metrics };
}
