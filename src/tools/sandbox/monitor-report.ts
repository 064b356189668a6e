import { join } from "node:path";
import { z } from "zod";
import { PYTHON_DIR } from "../../package-paths.js";

/** The host-side monitor (python/sandbox_monitor.py): waits for the sandbox and reports what the kernel measured. */
export const MONITOR_SCRIPT = join(PYTHON_DIR, "sandbox_monitor.py");

/** The monitor's report about the command it ran. */
export const MonitorReportSchema = z.object({
  /** Exit code of the command, or null when a signal ended it. */
  exitCode: z.number().int().nullable(),
  /** Signal number that ended the command, or null. */
  signal: z.number().int().nullable(),
  /** Peak resident set size of the largest process of the tree, in KiB. */
  maxRssKb: z.number(),
  /** User plus system CPU seconds of the whole reaped tree. */
  cpuSeconds: z.number(),
});
export type MonitorReport = z.infer<typeof MonitorReportSchema>;

/** Interpreter arguments that run the monitor, reporting on reportFd, around command. */
export function monitorArgs(reportFd: number, command: string[]): string[] {
  return ["-I", "-S", "-B", MONITOR_SCRIPT, String(reportFd), ...command];
}

/** Parses the report text; null when the monitor did not finish (e.g. it was killed). */
export function parseMonitorReport(text: string): MonitorReport | null {
  if (text.trim() === "") return null;
  try {
    const parsed = MonitorReportSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
