import { DEFAULT_LIMITS, type ExecLimits, ExecLimitsSchema, type ExecResult } from "./executor-types.js";
import { classifyLimit } from "./limit-classifier.js";
import { signalName } from "./process-tree.js";
import type { SupervisedRun } from "./supervise.js";
import type { SweepResult } from "./sweep-workdir.js";

/** DEFAULT_LIMITS overlaid with the fields the request set (undefined fields keep the default). */
export function resolveLimits(partial: Partial<ExecLimits> | undefined): ExecLimits {
  const set = Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined));
  return ExecLimitsSchema.parse({ ...DEFAULT_LIMITS, ...set });
}

/** How the script ended, as the host saw it. */
export interface Ending {
  /** Exit code, or null when a signal ended it. */
  exitCode: number | null;
  /** Signal name, or null. */
  signal: string | null;
}

/** What the host measured about the run (never anything the script could write). */
export interface HostMeasurement {
  /** How the script ended, or null when the host killed the tree before it could tell. */
  ending: Ending | null;
  /** Peak memory in KiB, or null when not measurable. */
  peakKb: number | null;
  /** CPU seconds, or null when not measurable. */
  cpuSeconds: number | null;
  /** True when the memory cgroup's limit made the kernel kill a process. */
  oomKilled: boolean;
  /** True when a pids cgroup refused a fork. */
  pidsLimitHit: boolean;
}

/** What buildResult needs besides the supervised run. */
export interface ResultContext {
  /** The limits the run had. */
  limits: ExecLimits;
  /** Which isolation ran it. */
  sandbox: ExecResult["sandbox"];
  /** What the sweep of the work directory found. */
  sweep: SweepResult;
  /** What the host measured. */
  measured: HostMeasurement;
  /** Protections missing on this platform. */
  gaps: string[];
}

/**
 * The ending of a command whose exit code relays its child's the way bubblewrap does
 * (128 + n for a child killed by signal n).
 */
export function relayedEnding(exitCode: number | null, signal: string | null): Ending {
  if (exitCode !== null && exitCode > 128 && exitCode <= 128 + 64) return { exitCode: null, signal: signalName(exitCode - 128) };
  return { exitCode, signal };
}

/** The ending reported by a wait status as the monitor writes it (exit code or signal number). */
export function reportedEnding(exitCode: number | null, signum: number | null): Ending {
  return { exitCode, signal: signum === null ? null : signalName(signum) };
}

/** Turns the host's observations into the structured ExecResult. */
export function buildResult(run: SupervisedRun, context: ResultContext): ExecResult {
  const ending = context.measured.ending ?? { exitCode: run.exitCode, signal: run.signal };
  const exitCode = run.hostKill ? null : ending.exitCode;
  const signal = run.hostKill ? "SIGKILL" : ending.signal;
  const stderr = run.stderr.text() + quotaNote(context);
  const limitHit = classifyLimit({
    hostKill: run.hostKill,
    exitCode,
    signal,
    cpuSeconds: context.measured.cpuSeconds,
    cpuLimitSeconds: context.limits.cpuSeconds,
    pidsLimitHit: context.measured.pidsLimitHit,
    oomKilled: context.measured.oomKilled,
    overQuota: context.sweep.overQuota !== null,
    stderr,
  });
  return {
    exitCode,
    signal,
    limitHit,
    durationMs: Math.round(run.durationMs),
    peakMemoryKb: context.measured.peakKb,
    stdout: run.stdout.text(),
    stderr,
    truncated: run.stdout.truncated || run.stderr.truncated,
    files: context.sweep.files,
    sandbox: context.sandbox,
    gaps: context.gaps,
    ok: exitCode === 0 && limitHit === null && run.hostKill === null,
  };
}

/** The line added to stderr when the run left more than its quota (everything it left was removed). */
function quotaNote(context: ResultContext): string {
  const { sweep, limits } = context;
  if (sweep.overQuota === null) return "";
  const what = sweep.overQuota === "files" ? `more than ${limits.maxFiles} files` : `more than ${limits.diskMb} MiB`;
  return `\nlinguacodus: the run left ${what} in its work directory; everything it left there was removed\n`;
}
