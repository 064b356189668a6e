import { writeCsv } from "../tools/task/csv.js";
import { STAGES, type TaskResult } from "./result.js";
import { usageCost } from "./totals.js";

/** results.csv: one row per task, mode and seed; stage seconds and per-role usage flattened into columns. */
export function resultsCsv(results: readonly TaskResult[]): string {
  const roles = [...new Set(results.flatMap((r) => Object.keys(r.usage)))].sort();
  const header = [
    "task",
    "mode",
    "seed",
    "status",
    "valid",
    "score",
    "metric",
    "direction",
    "floor",
    "reference",
    "normalised",
    "validation_score",
    "engine",
    "fix_attempts",
    ...STAGES.map((s) => `seconds_${s}`),
    "seconds_total",
    ...roles.flatMap((role) => [`${role}_calls`, `${role}_input_tokens`, `${role}_output_tokens`, `${role}_cost`]),
    "cost",
    "invalid_reason",
    "error",
    "run_dir",
  ];
  const text = (v: string | number | boolean | null) => (v === null ? "" : String(v));
  const rows = results.map((r) => [
    r.task,
    r.mode,
    String(r.seed),
    r.status,
    text(r.valid),
    text(r.score),
    r.metric,
    r.direction,
    text(r.floor),
    text(r.reference),
    text(r.normalised),
    text(r.validationScore),
    text(r.engine),
    text(r.fixAttempts),
    ...STAGES.map((s) => r.seconds[s].toFixed(3)),
    r.seconds.total.toFixed(3),
    ...roles.flatMap((role) => {
      const u = r.usage[role];
      return u ? [String(u.calls), String(u.inputTokens), String(u.outputTokens), text(u.cost ?? null)] : ["0", "0", "0", ""];
    }),
    text(usageCost(Object.values(r.usage))),
    text(r.invalidReason),
    text(r.error),
    r.runDir,
  ]);
  return writeCsv(header, rows);
}
