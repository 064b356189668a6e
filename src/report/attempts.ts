/**
 * The attempts timeline of a run: every execution of the final script, its error, and the fix
 * after it with the diff between the script versions. Built from what a run keeps today (the
 * state's fixHistory, exec/attempt-N.json and code/solution.vN.py) in runAttempts alone, so it can
 * read an attempts record list instead when the state has one.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ExecResultSchema } from "../tools/sandbox/executor-types.js";
import type { State } from "../graph/linguacodus/state.js";
import { unifiedDiff, type LineDiff } from "./line-diff.js";

/** How one execution ended. */
export interface AttemptRun {
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

/** The fix after a failed attempt. */
export interface AttemptFix {
  /** What it changed, in one line (or why it wrote nothing). */
  change: string | null;
  /** Whether it regenerated the script from the instruction (the same error twice in a row). */
  escalated: boolean;
  /** The script version it wrote, or null when it wrote none. */
  toVersion: number | null;
  /** The diff from the failed version to the one it wrote (null when it wrote none or a file is missing). */
  diff: LineDiff | null;
}

/** One attempt: the script version it ran, how that ended, why it failed, and the fix after it. */
export interface Attempt {
  /** Attempt number (1: the first run). */
  attempt: number;
  /** The script version it ran (code/solution.vN.py). */
  codeVersion: number;
  /** The execution, or null when the attempt had no script to run (a reply without code). */
  run: AttemptRun | null;
  /** Why it failed, or null when it passed. */
  error: { summary: string; errorClass: string | null; decisive: string } | null;
  /** The fix after it, or null (it passed, or no fix was tried). */
  fix: AttemptFix | null;
}

const RunFileSchema = ExecResultSchema.pick({ ok: true, exitCode: true, signal: true, limitHit: true, durationMs: true });

/** exec/attempt-N.json as the report shows it, or null when the attempt never ran. */
async function readRun(runDir: string, attempt: number): Promise<AttemptRun | null> {
  const text = await readFile(join(runDir, "exec", `attempt-${attempt}.json`), "utf8").catch(() => null);
  let json: unknown = null;
  try {
    json = text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = RunFileSchema.safeParse(json);
  if (!parsed.success) return null;
  const { ok, exitCode, signal, limitHit, durationMs } = parsed.data;
  return { ok, exitCode, signal, limitHit, seconds: durationMs / 1000 };
}

const readVersion = (runDir: string, version: number) =>
  readFile(join(runDir, "code", `solution.v${version}.py`), "utf8").catch(() => null);

/** The last `n` non-blank lines of a text. */
const lastLines = (text: string, n: number) =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .slice(-n)
    .join("\n");

/** Every attempt of the run's final script, oldest first (the codegen stage's; validation runs have their own). */
export async function runAttempts(state: State): Promise<Attempt[]> {
  const runDir = state.runDir;
  if (!runDir || !state.code) return [];
  const history = state.fixHistory;
  const last = state.fixAttempts + 1;
  const versionOf = (n: number) => history.find((h) => h.attempt === n)?.codeVersion ?? state.codeVersion;
  const attempts: Attempt[] = [];
  for (let n = 1; n <= last; n++) {
    const failed = history.find((h) => h.attempt === n);
    const run = await readRun(runDir, n);
    if (!failed && !run) continue; // a fix after it wrote no code, so nothing ran under this number
    const codeVersion = failed?.codeVersion ?? (state.executedVersion || state.codeVersion);
    const finalFailure = !failed && n === last && state.failure && !state.submissionCheck?.ok ? state.failure : null;
    const error = failed
      ? { summary: failed.summary, errorClass: failed.errorClass, decisive: failed.decisive }
      : finalFailure
        ? { summary: finalFailure.summary, errorClass: null, decisive: lastLines(finalFailure.error, 3) }
        : null;
    let fix: AttemptFix | null = null;
    if (failed) {
      const next = versionOf(n + 1);
      const wrote = next > failed.codeVersion ? next : null;
      const [before, after] = wrote
        ? await Promise.all([readVersion(runDir, failed.codeVersion), readVersion(runDir, wrote)])
        : [null, null];
      const diff =
        before !== null && after !== null
          ? unifiedDiff(before, after, { from: `code/solution.v${failed.codeVersion}.py`, to: `code/solution.v${wrote}.py` })
          : null;
      fix = { change: failed.change, escalated: failed.escalated, toVersion: wrote, diff };
    }
    attempts.push({ attempt: n, codeVersion, run, error, fix });
  }
  return attempts;
}
