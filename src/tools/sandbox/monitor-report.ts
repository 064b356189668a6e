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

/** What the monitor's child does before it execs the command (besides closing the report descriptor and those above). */
export interface MonitorSetUp {
  /** Umask to set. */
  umask?: number;
  /** cgroup.procs files to write the child's pid to (a refusal ends the run with exit 125). */
  join?: string[];
  /** Descriptor to move stderr to, with /dev/null left as stderr (for a command whose stderr must not be the script's). */
  parkStderr?: number;
}

/** Interpreter arguments that run the monitor, reporting on reportFd, around command. */
export function monitorArgs(reportFd: number, command: string[], setUp: MonitorSetUp = {}): string[] {
  const options: string[] = [];
  if (setUp.umask !== undefined) options.push("--umask", setUp.umask.toString(8));
  for (const procs of setUp.join ?? []) options.push("--join", procs);
  if (setUp.parkStderr !== undefined) options.push("--park-stderr", String(setUp.parkStderr));
  return ["-I", "-S", "-B", MONITOR_SCRIPT, String(reportFd), ...options, "--", ...command];
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
