import { ProgressView } from "../progress/view.js";
import type { ProgressEvent } from "../types/progress-events.js";

/** Steps quicker than this (ms) get no line in a bench's progress, unless they are execute, fix or select. */
const QUICK_STEP_MS = 1000;

/**
 * The finished lines of one bench job, read from its progress events with the solve command's
 * reading (`ProgressView`), each prefixed with the job's `<task>/<mode>`: the slow steps with their
 * times, each validation run with its scores, the standings after select and each failed attempt
 * with where the run goes on. Stdout lines are not read (too many for parallel jobs) and there is
 * no live line (the bench's live block shows each job's step).
 */
export class JobLines {
  private readonly view: ProgressView;

  constructor(
    /** The job's key ("tiny-cls/pipeline", "tiny-cls/vanilla#1"). */
    private readonly key: string,
    /** Also a line when a final-run script starts (for logs). */
    plain: boolean,
  ) {
    this.view = new ProgressView(plain, QUICK_STEP_MS);
  }

  /** Takes an event at clock time `now` (ms); returns the finished lines it adds. */
  apply(event: ProgressEvent, now: number): string[] {
    if (event.event === "stdout") return [];
    return this.prefixed(this.view.apply(event, now));
  }

  /** The job ended: the failed attempts no step followed. */
  finish(): string[] {
    return this.prefixed(this.view.finish());
  }

  private prefixed(lines: string[]): string[] {
    return lines.map((line) => `${this.key} ${line}`);
  }
}
