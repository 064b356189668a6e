import { DEFAULT_LIMITS, type ExecLimits, ExecLimitsSchema, type ExecResult } from "./executor-types.js";
import { classifyLimit } from "./limit-classifier.js";
import { signalName } from "./process-tree.js";
import type { SupervisedRun } from "./supervise.js";

/** DEFAULT_LIMITS overlaid with the fields the request set (undefined fields keep the default). */
export function resolveLimits(partial: Partial<ExecLimits> | undefined): ExecLimits {
  const set = Object.fromEntries(Object.entries(partial ?? {}).filter(([, value]) => value !== undefined));
  return ExecLimitsSchema.parse({ ...DEFAULT_LIMITS, ...set });
}

/** What buildResult needs besides the supervised run. */
export interface ResultContext {
  /** The limits the run had. */
  limits: ExecLimits;
  /** Which isolation ran it. */
  sandbox: ExecResult["sandbox"];
  /** Output files found in the work directory. */
  files: string[];
  /** True when a pids cgroup refused a fork. */
  pidsLimitHit: boolean;
}

/** Turns the host's observations into the structured ExecResult. */
export function buildResult(run: SupervisedRun, context: ResultContext): ExecResult {
  const report = run.report;
  const exitCode = report ? report.exitCode : run.exitCode;
  const signal = report ? (report.signal === null ? null : signalName(report.signal)) : run.signal;
  const stderr = run.stderr.text();
  const limitHit = classifyLimit({
    hostKill: run.hostKill,
    exitCode: run.hostKill ? null : exitCode,
    signal: run.hostKill ? "SIGKILL" : signal,
    cpuSeconds: report?.cpuSeconds ?? null,
    cpuLimitSeconds: context.limits.cpuSeconds,
    pidsLimitHit: context.pidsLimitHit,
    stderr,
  });
  return {
    exitCode: run.hostKill ? null : exitCode,
    signal: run.hostKill ? "SIGKILL" : signal,
    limitHit,
    durationMs: Math.round(run.durationMs),
    peakMemoryKb: report?.maxRssKb ?? null,
    stdout: run.stdout.text(),
    stderr,
    truncated: run.stdout.truncated || run.stderr.truncated,
    files: context.files,
    sandbox: context.sandbox,
    ok: exitCode === 0 && limitHit === null && run.hostKill === null,
  };
}
