import { formatScore } from "../report/format.js";
import type { ProgressEvent } from "../types/progress-events.js";
import { printable } from "../tools/sandbox/plain-text.js";

/** Runs shown on the select line. */
const STANDINGS_SHOWN = 3;

/** Longest failure text of a validation run on its line. */
const MAX_FAILURE_CHARS = 200;

/** A step that started and has not ended. */
interface RunningStep {
  /** Node id. */
  node: string;
  /** The validation run it belongs to ("" for the main graph and the final run). */
  scope: string;
  /** Clock time of its start, in ms. */
  started: number;
}

/** A script execution that failed, shown once the step after it says where the run goes. */
interface FailedAttempt {
  /** Attempt number. */
  attempt: number;
  /** Why, in one line. */
  why: string;
}

/** Seconds with one decimal and a unit: "1.2 s". */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The validation run (and fold) an event belongs to, as a label ("" outside validation runs). */
function scopeOf(event: { candidate?: string; fold?: number }): string {
  if (event.candidate === undefined) return "";
  return event.fold === undefined ? event.candidate : `${event.candidate} fold ${event.fold}`;
}

/** Text from a script or an error as one printable line. */
function oneLine(text: string): string {
  return printable(text).replace(/\s+/g, " ").trim();
}

/** Why a script execution failed, in one line: the limit, the exception, or the exit. */
function failureText(event: Extract<ProgressEvent, { event: "exec-end" }>): string {
  if (event.limitHit) return `${event.limitHit} limit hit`;
  if (event.errorLine) return oneLine(event.errorLine);
  return event.exitCode === null ? "killed" : `exit code ${event.exitCode}`;
}

/** How a step that ended is marked. */
const MARKS = { ok: "✓", skipped: "–", interrupted: "⏸", cancelled: "✗", error: "✗" } as const;

/** Steps whose line is always listed, however quick: the script runs, the fixes, the choice between runs and the improvement proposals. */
const ALWAYS_LISTED = new Set(["execute", "fix", "select", "improve"]);

/** What a mark alone does not say. */
const ENDINGS = { ok: "", skipped: " skipped", interrupted: " paused", cancelled: " cancelled", error: " failed" } as const;

/**
 * The CLI's reading of the progress events (no I/O, a clock passed in): the finished lines each
 * event adds — every main-graph and final-run step with its time (`✓ profile-data 1.2 s`), each
 * validation run with its scores, the standings after select, each failed attempt with where the
 * run goes on (`attempt 1 failed: NameError: … → fix`) — and the live line of the step running
 * now, with the latest line its script printed. With `plain` (a log, not a terminal) a script
 * execution of the final run also prints a line when it starts; with `quickMs`, a step that ended
 * ok quicker than that is not listed (unless it is execute, fix, select or improve).
 */
export class ProgressView {
  private readonly running: RunningStep[] = [];
  /** Per scope: the failed execution waiting for the step after it. */
  private readonly failed = new Map<string, FailedAttempt>();
  /** Per scope: whether its latest execution failed (marks the execute step). */
  private readonly lastFailed = new Map<string, boolean>();
  /** Per scope: the script's latest stdout line. */
  private readonly stdout = new Map<string, string>();
  /** Per scope: the latest execution's own score. */
  private readonly score = new Map<string, number | null>();
  private standings: Array<Extract<ProgressEvent, { event: "candidate-score" }>> = [];
  /** The latest improvement round's proposal, shown on the improve step's line. */
  private proposal: string | null = null;

  constructor(
    /** Also a line when a final-run script starts (for logs, where no live line shows it). */
    private readonly plain = false,
    /** Steps that end ok in less than this many ms are not listed (execute, fix, select and improve always are). */
    private readonly quickMs = 0,
  ) {}

  /** Takes an event at clock time `now` (ms); returns the finished lines it adds. */
  apply(event: ProgressEvent, now: number): string[] {
    switch (event.event) {
      case "node-start":
        return this.started(event, now);
      case "node-end":
        return this.ended(event);
      case "exec-start": {
        const scope = scopeOf(event);
        this.stdout.delete(scope);
        return this.plain && scope === "" ? [`▶ execute attempt ${event.attempt} (code/solution.v${event.version}.py)`] : [];
      }
      case "exec-end": {
        const scope = scopeOf(event);
        this.lastFailed.set(scope, !event.ok);
        this.score.set(scope, event.reportedScore);
        if (!event.ok) this.failed.set(scope, { attempt: event.attempt, why: failureText(event) });
        return [];
      }
      case "stdout":
        this.stdout.set(scopeOf(event), oneLine(event.line));
        return [];
      case "validation": {
        const time = seconds(event.ms);
        if (event.failure !== null) {
          const why = oneLine(event.failure);
          return [`✗ validate ${event.key} ${time} · ${why.length > MAX_FAILURE_CHARS ? `${why.slice(0, MAX_FAILURE_CHARS)}…` : why}`];
        }
        return [
          `✓ validate ${event.key} ${time} · holdout ${formatScore(event.holdoutScore)}, reported ${formatScore(event.reportedScore)}`,
        ];
      }
      case "candidate-score":
        this.standings.push(event);
        return [];
      case "improvement": {
        const change = oneLine(event.change);
        this.proposal = `round ${event.round}: ${change.length > MAX_FAILURE_CHARS ? `${change.slice(0, MAX_FAILURE_CHARS)}…` : change}`;
        return [];
      }
    }
  }

  /** The live line of the step running now (the latest started; how many more run), or null when none runs. */
  live(now: number): string | null {
    const step = this.running.at(-1);
    if (!step) return null;
    const where = step.scope ? `${step.scope} ` : "";
    const more = this.running.length > 1 ? ` (+${this.running.length - 1} running)` : "";
    const line = step.node === "execute" ? this.stdout.get(step.scope) : undefined;
    return `${where}${step.node} ${seconds(now - step.started)}${more}${line ? ` · ${line}` : ""}`;
  }

  /** The run ended: the failed attempts no step followed. */
  finish(): string[] {
    const lines = [...this.failed.entries()].map(([scope, failed]) => this.failureLine(scope, failed, null));
    this.failed.clear();
    this.running.length = 0;
    return lines;
  }

  private started(event: Extract<ProgressEvent, { event: "node-start" }>, now: number): string[] {
    const scope = scopeOf(event);
    this.running.push({ node: event.node, scope, started: now });
    if (event.node === "select" && scope === "") this.standings = [];
    const failed = this.failed.get(scope);
    if (!failed || event.node === "check") return [];
    this.failed.delete(scope);
    return [this.failureLine(scope, failed, event.node)];
  }

  private ended(event: Extract<ProgressEvent, { event: "node-end" }>): string[] {
    const scope = scopeOf(event);
    const at = this.running.findIndex((s) => s.node === event.node && s.scope === scope);
    if (at !== -1) this.running.splice(at, 1);
    if (scope !== "" || (event.node === "validate" && event.status === "ok")) return []; // a validation run is shown by its "validation" line
    if (event.status === "ok" && event.ms < this.quickMs && !ALWAYS_LISTED.has(event.node)) return [];
    const failedRun = event.node === "execute" && event.status === "ok" && this.lastFailed.get(scope) === true;
    const line = `${failedRun ? "✗" : MARKS[event.status]} ${event.node} ${seconds(event.ms)}${ENDINGS[event.status]}`;
    if (event.node === "execute" && event.status === "ok" && !failedRun) {
      const score = this.score.get(scope) ?? null;
      return [score === null ? line : `${line} · score ${formatScore(score)}`];
    }
    if (event.node === "select" && event.status === "ok") return [`${line}${this.standingsText()}`];
    if (event.node === "improve" && event.status === "ok" && this.proposal !== null) {
      const proposal = this.proposal;
      this.proposal = null;
      return [`${line} · ${proposal}`];
    }
    return [line];
  }

  /** " · 1. decision 0.9310, 2. candidate-2 0.9123, …" for the best runs of the latest standings. */
  private standingsText(): string {
    if (this.standings.length === 0) return "";
    const best = this.standings.filter((s) => s.position !== null).slice(0, STANDINGS_SHOWN);
    if (best.length === 0) return " · no validation run scored";
    return ` · ${best.map((s) => `${s.position}. ${s.key} ${formatScore(s.holdoutScore)}`).join(", ")}`;
  }

  private failureLine(scope: string, failed: FailedAttempt, next: string | null): string {
    return `${scope ? `${scope} ` : ""}attempt ${failed.attempt} failed: ${failed.why}${next ? ` → ${next}` : ""}`;
  }
}
