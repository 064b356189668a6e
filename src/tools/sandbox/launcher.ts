import { z } from "zod";
import type { ExecLimits } from "./executor-types.js";

/** File descriptor on which the launcher writes its JSON report. */
export const REPORT_FD = 3;

/** Name of the script inside the work directory. */
export const SCRIPT_NAME = "solution.py";

/**
 * A tiny Python launcher: it sets the rlimits in a forked child, execs the script
 * there, waits, and writes the child's status plus getrusage(RUSAGE_CHILDREN) as
 * JSON on fd 3 (closed in the child, so the script cannot write there directly).
 * It exits with the script's code (128+signal when the script was killed).
 * It imports only os, resource and sys: importing json alone would double its start-up time.
 */
const LAUNCHER_SOURCE = `
import os, resource, sys
python, script = sys.argv[1], sys.argv[2]
os.closerange(${REPORT_FD + 1}, 65536)
pid = os.fork()
if pid == 0:
    try:
        os.closerange(${REPORT_FD}, 65536)
        for spec in sys.argv[3:]:
            name, _, values = spec.partition("=")
            soft, hard = values.split(":")
            resource.setrlimit(getattr(resource, name), (int(soft), int(hard)))
        os.execv(python, [python, script])
    except BaseException as error:
        os.write(2, ("linguacodus launcher: %r\\n" % (error,)).encode())
    os._exit(127)
_, status, _ = os.wait4(pid, 0)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
signum = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
as_json = lambda value: "null" if value is None else str(value)
report = '{"exitCode": %s, "signal": %s, "maxRssKb": %d, "cpuSeconds": %.3f}' % (
    as_json(code), as_json(signum), usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
os.write(${REPORT_FD}, report.encode())
os._exit(code if code is not None else 128 + signum)
`;

/** The launcher's report about the script process. */
export const LauncherReportSchema = z.object({
  /** Exit code of the script, or null when a signal ended it. */
  exitCode: z.number().int().nullable(),
  /** Signal number that ended the script, or null. */
  signal: z.number().int().nullable(),
  /** Peak resident set size of the script's processes in KiB. */
  maxRssKb: z.number(),
  /** User plus system CPU seconds of the script's processes. */
  cpuSeconds: z.number(),
});
export type LauncherReport = z.infer<typeof LauncherReportSchema>;

/** One rlimit as [resource name in Python's resource module, soft, hard]. */
export type Rlimit = [string, number, number];

const MIB = 1024 * 1024;

/** Seconds between the CPU soft limit (SIGXCPU) and the hard limit (SIGKILL). */
const CPU_HARD_GRACE_SECONDS = 2;

/** The rlimits for a run; RLIMIT_NPROC only where it is meaningful (a sandbox uid namespace). */
export function rlimitsFor(limits: ExecLimits, withProcessLimit: boolean): Rlimit[] {
  const rlimits: Rlimit[] = [
    ["RLIMIT_AS", limits.memoryMb * MIB, limits.memoryMb * MIB],
    ["RLIMIT_CPU", limits.cpuSeconds, limits.cpuSeconds + CPU_HARD_GRACE_SECONDS],
    ["RLIMIT_FSIZE", limits.fileSizeMb * MIB, limits.fileSizeMb * MIB],
    ["RLIMIT_CORE", 0, 0],
  ];
  if (withProcessLimit) rlimits.push(["RLIMIT_NPROC", limits.maxProcesses, limits.maxProcesses]);
  return rlimits;
}

/** Interpreter arguments that run the launcher for SCRIPT_NAME in the current directory. */
export function launcherArgs(python: string, rlimits: Rlimit[]): string[] {
  const specs = rlimits.map(([name, soft, hard]) => `${name}=${soft}:${hard}`);
  return ["-I", "-S", "-B", "-c", LAUNCHER_SOURCE, python, SCRIPT_NAME, ...specs];
}

/** Parses the report text; null when the launcher did not finish (e.g. it was killed). */
export function parseLauncherReport(text: string): LauncherReport | null {
  if (text.trim() === "") return null;
  try {
    const parsed = LauncherReportSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
