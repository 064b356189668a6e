/**
 * The decisive cause of a failed attempt in one line, as the summary, summary.json and report.md
 * show it: the limit that stopped the script and how to raise it, the exception the script died
 * of, or the submission check's first finding.
 */
import type { ExecResult, LimitKind } from "../sandbox/executor-types.js";

/** The limits a run's scripts get, as the run context sets them. */
export interface RunLimits {
  /** Memory limit per script run, in MiB (--memory). */
  memoryMb: number;
  /** Wall-time limit per script run, in seconds (--timeout). */
  wallSeconds: number;
}

const MAX_CAUSE = 300;

/** How each limit is named and, where the run sets it, raised. */
function limitCause(limit: LimitKind, limits: RunLimits): string {
  switch (limit) {
    case "memory":
      return `the memory limit (${limits.memoryMb} MiB) stopped the script; raise it with --memory <MiB> (run context execMemoryMb)`;
    case "wall":
      return `the wall-time limit (${limits.wallSeconds} s) stopped the script; raise it with --timeout <seconds> (run context execTimeoutSeconds)`;
    case "cpu":
      return "the CPU-time limit stopped the script";
    case "file_size":
      return "the file-size limit stopped the script (it wrote a file that is too large)";
    case "processes":
      return "the process-count limit stopped the script (it started too many processes or threads)";
    case "output":
      return "the output limit stopped the script (it printed too much)";
    case "disk":
      return "the work-directory quota stopped the script (it left too many files or bytes); raise it with linguacodus exec --max-files / --disk";
  }
}

/** The exception a Python script died of (the traceback's last line), else stderr's last line, or null. */
export function lastError(stderr: string): string | null {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "");
  const exception = [...lines].reverse().find((line) => /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b/.test(line));
  const chosen = exception ?? lines.at(-1);
  if (!chosen) return null;
  const text = chosen.trim();
  return text.length > MAX_CAUSE ? `${text.slice(0, MAX_CAUSE)}…` : text;
}

/** "the script failed (exit code 1): KeyError: 'label'", or the limit that stopped it. */
export function scriptFailureSummary(execution: ExecResult, limits: RunLimits): string {
  if (execution.limitHit) return limitCause(execution.limitHit, limits);
  const ending = execution.exitCode !== null ? `exit code ${execution.exitCode}` : `killed by ${execution.signal}`;
  const error = lastError(execution.stderr);
  return error ? `the script failed (${ending}): ${error}` : `the script failed (${ending}) and printed no error`;
}

/** "submission.csv is invalid: <first problem>" (and how many more). */
export function invalidSubmissionSummary(problems: string[]): string {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  return `the script ran but its submission.csv is invalid: ${problems[0] ?? "no reason given"}${more}`;
}
