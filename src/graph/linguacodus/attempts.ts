import { describeFailure } from "../../engines/failure-history.js";
import type { ExecResult } from "../../tools/sandbox/executor-types.js";
import type { Attempt, CheckResult, FixWithoutCode } from "../../types/attempt.js";
import type { FailedAttempt, Failure } from "../../types/failure.js";

/*
 * Everything a run knows about its script versions is in its attempts, one record per version;
 * the current version, the fix attempts so far, the last execution and the fixer's history are
 * read from them here, never stored beside them.
 */

/** Attempts merge by version: a step that runs again (a resumed run) replaces its record instead of adding one. */
export function mergeAttempts(current: Attempt[], update: Attempt[]): Attempt[] {
  const byVersion = new Map(current.map((a) => [a.version, a]));
  for (const a of update) byVersion.set(a.version, a);
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/** A script version just written: not yet executed; a failure known at once (no code) ends it. */
export function writtenAttempt(
  fields: Pick<Attempt, "version" | "codePath" | "origin"> & Partial<Pick<Attempt, "fix" | "failure">>,
): Attempt {
  const now = Date.now();
  const failure = fields.failure ?? null;
  return {
    fix: null,
    fixesWithoutCode: [],
    workDir: null,
    execution: null,
    check: null,
    holdoutScore: null,
    startedAt: now,
    ...fields,
    failure,
    endedAt: failure ? now : null,
  };
}

/** The current script version's attempt (the latest), if any. */
export function currentAttempt(attempts: readonly Attempt[]): Attempt | undefined {
  return attempts.at(-1);
}

/** The current script version (0 before any). */
export function currentVersion(attempts: readonly Attempt[]): number {
  return currentAttempt(attempts)?.version ?? 0;
}

/** Whether the current version is written and not yet executed. */
export function awaitsExecution(attempts: readonly Attempt[]): boolean {
  const current = currentAttempt(attempts);
  return current !== undefined && current.execution === null;
}

/** Fixer calls made so far: those that wrote a version and those that wrote none. */
export function fixAttempts(attempts: readonly Attempt[]): number {
  return attempts.reduce((n, a) => n + a.fixesWithoutCode.length + (a.fix ? 1 : 0), 0);
}

/** The latest execution's result, or null before any. */
export function lastExecution(attempts: readonly Attempt[]): ExecResult | null {
  return attempts.findLast((a) => a.execution)?.execution ?? null;
}

/** The latest submission check, or null before any. */
export function lastCheck(attempts: readonly Attempt[]): CheckResult | null {
  return attempts.findLast((a) => a.check)?.check ?? null;
}

/** The final script of a run: the current version's path, or null when none was written. */
export function finalScript(attempts: readonly Attempt[]): string | null {
  return currentAttempt(attempts)?.codePath ?? null;
}

/** Joins the failure being fixed and why the fixer's latest reply held no code. */
const NO_CODE_MARK = "; the fixer's reply held no code: ";

/** A failure as the fixer sees it after a reply without code: the failure, and why that reply held none. */
function withNoCodeNote(failure: Failure, noCode: string): Failure {
  return { ...failure, summary: `${failure.summary.split(NO_CODE_MARK)[0]}${NO_CODE_MARK}${noCode}` };
}

/**
 * Walks the attempts in order as the fixer met them: every fixer call with the failure it was
 * given, and the failure the next call is given (null once the current version has no failure).
 * A version a fix wrote that never ran (comments only) leaves the failure it was to fix open.
 */
function fixerView(attempts: readonly Attempt[]): { history: FailedAttempt[]; failure: Failure | null } {
  const history: FailedAttempt[] = [];
  let presented: Failure | null = null;
  attempts.forEach((attempt, i) => {
    if (attempt.failure) presented = attempt.failure;
    else if (attempt.execution || attempt.origin !== "fix") presented = null;
    const next = attempts[i + 1];
    const calls: Array<FixWithoutCode> = [...attempt.fixesWithoutCode, ...(next?.fix ? [{ ...next.fix, noCode: null }] : [])];
    for (const call of calls) {
      if (!presented) continue;
      history.push({ ...describeFailure(presented, history.length + 1, attempt.version), change: call.change, escalated: call.escalated });
      if (call.noCode !== null) presented = withNoCodeNote(presented, call.noCode);
    }
  });
  return { history, failure: presented };
}

/** Every fixer call so far, oldest first, with the failure it was given and what it changed: the fixer's history. */
export function fixHistory(attempts: readonly Attempt[]): FailedAttempt[] {
  return fixerView(attempts).history;
}

/** The failure the next fixer call works on (with why the latest reply held no code), or null when the current version has none. */
export function currentFailure(attempts: readonly Attempt[]): Failure | null {
  return fixerView(attempts).failure;
}
