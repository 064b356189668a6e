/**
 * The attempts timeline of a run: every version of the final script, how its execution ended,
 * its error, the fixer calls on it that wrote nothing, and the fix that wrote the next version
 * with the diff between the two scripts. Read from the state's attempt records; the scripts
 * themselves from their files.
 */
import { readFile } from "node:fs/promises";
import { describeFailure } from "../engines/failure-history.js";
import type { Attempt } from "../types/attempt.js";
import { unifiedDiff, type LineDiff } from "./line-diff.js";

/** How one execution ended. */
export interface TimelineRun {
  /** Whether it exited 0 within every limit. */
  ok: boolean;
  /** Exit code, or null when a signal ended it. */
  exitCode: number | null;
  /** The signal that ended it, or null. */
  signal: string | null;
  /** The limit that fired, or null. */
  limitHit: string | null;
  /** Wall seconds. */
  seconds: number;
}

/** A fixer call on a version's failure: what it changed, and whether it regenerated the script. */
export interface TimelineFixCall {
  /** What it changed (or why it wrote nothing). */
  change: string;
  /** Whether the same error came twice in a row, so it regenerated the script from the instruction. */
  escalated: boolean;
}

/** The fix that wrote the next version. */
export interface TimelineFix extends TimelineFixCall {
  /** The version it wrote. */
  toVersion: number;
  /** The diff from this version to the one it wrote (null when a script file cannot be read). */
  diff: LineDiff | null;
}

/** One version of the final script as the timeline shows it. */
export interface TimelineEntry {
  /** Its place in the run (1: the first version written). */
  attempt: number;
  /** Script version (code/solution.vN.py). */
  codeVersion: number;
  /** What wrote it: blocks, vanilla, fix or seed. */
  origin: Attempt["origin"];
  /** Its execution, or null when it never ran (no code). */
  run: TimelineRun | null;
  /** Why it failed, or null. */
  error: { summary: string; errorClass: string; decisive: string } | null;
  /** Fixer calls on its failure that wrote no script, oldest first. */
  fixesWithoutCode: TimelineFixCall[];
  /** The fix that wrote the next version, or null (it passed, or the run ended). */
  fix: TimelineFix | null;
}

const readScript = (path: string) => readFile(path, "utf8").catch(() => null);

/** The timeline of a run's attempts (the final run's; each validation run keeps its own), oldest first. */
export async function attemptsTimeline(attempts: readonly Attempt[]): Promise<TimelineEntry[]> {
  return Promise.all(
    attempts.map(async (a, i): Promise<TimelineEntry> => {
      const next = attempts[i + 1];
      let fix: TimelineFix | null = null;
      if (next?.fix) {
        const [before, after] = await Promise.all([readScript(a.codePath), readScript(next.codePath)]);
        const diff =
          before !== null && after !== null
            ? unifiedDiff(before, after, { from: `code/solution.v${a.version}.py`, to: `code/solution.v${next.version}.py` })
            : null;
        fix = { change: next.fix.change, escalated: next.fix.escalated, toVersion: next.version, diff };
      }
      const e = a.execution;
      const described = a.failure ? describeFailure(a.failure, i + 1, a.version) : null;
      return {
        attempt: i + 1,
        codeVersion: a.version,
        origin: a.origin,
        run: e ? { ok: e.ok, exitCode: e.exitCode, signal: e.signal, limitHit: e.limitHit, seconds: e.durationMs / 1000 } : null,
        error: described ? { summary: described.summary, errorClass: described.errorClass, decisive: described.decisive } : null,
        fixesWithoutCode: a.fixesWithoutCode.map((f) => ({ change: f.change, escalated: f.escalated })),
        fix,
      };
    }),
  );
}
