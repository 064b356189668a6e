import type { LimitKind } from "./executor-types.js";

/** What is known about a finished run when deciding which limit, if any, ended it. */
export interface RunEvidence {
  /** Why the host killed the tree itself ("wall", "output", or "aborted" by the caller), or null. */
  hostKill: "wall" | "output" | "aborted" | null;
  /** Exit code of the script, or null when a signal ended it. */
  exitCode: number | null;
  /** Signal name that ended the script, or null. */
  signal: string | null;
  /** CPU seconds the script's processes used, when the launcher reported them. */
  cpuSeconds: number | null;
  /** The RLIMIT_CPU soft limit in seconds. */
  cpuLimitSeconds: number;
  /** True when a pids cgroup recorded a refused fork. */
  pidsLimitHit: boolean;
  /** True when the memory cgroup's limit made the kernel kill a process. */
  oomKilled: boolean;
  /** True when the run left more files or bytes in its work directory than the quota allows. */
  overQuota: boolean;
  /** Captured stderr (head and tail). */
  stderr: string;
}

/** Error text that Python and common native libraries print when a limit refuses them. */
const STDERR_PATTERNS: ReadonlyArray<readonly [LimitKind, RegExp]> = [
  ["file_size", /\[Errno 27\]|File too large/],
  ["memory", /MemoryError|Unable to allocate|Cannot allocate memory|\[Errno 12\]|std::bad_alloc|[Oo]ut of memory/],
  ["processes", /\[Errno 11\] Resource temporarily unavailable|can't start new thread|fork: retry|fork: Resource temporarily unavailable/],
];

/**
 * Share of the CPU limit that counts as having spent it: the kernel enforces RLIMIT_CPU on
 * exact run time, while the rusage the host reads is tick-sampled and can show 10-15% less.
 */
const CPU_SPENT_SHARE = 0.8;

/** Names the limit that ended a run (best effort from signals, reports and error text), or null. */
export function classifyLimit(evidence: RunEvidence): LimitKind | null {
  if (evidence.hostKill === "aborted") return null;
  if (evidence.hostKill) return evidence.hostKill;
  if (evidence.signal === "SIGXCPU") return "cpu";
  if (evidence.signal === "SIGXFSZ") return "file_size";
  if (evidence.oomKilled) return "memory";
  const cpuSpent = evidence.cpuSeconds !== null && evidence.cpuSeconds >= evidence.cpuLimitSeconds * CPU_SPENT_SHARE;
  if (evidence.signal === "SIGKILL" && cpuSpent) return "cpu";
  if (evidence.overQuota) return "disk";
  if (evidence.exitCode === 0 && evidence.signal === null) return null;
  if (evidence.pidsLimitHit) return "processes";
  for (const [kind, pattern] of STDERR_PATTERNS) {
    if (pattern.test(evidence.stderr)) return kind;
  }
  return null;
}
