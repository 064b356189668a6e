import { formatScore } from "../report/format.js";
import type { ProgressEvent } from "../types/progress-events.js";
import { JobLines } from "./job-lines.js";
import type { TaskResult } from "./result.js";

/** A job being run: where it is and since when. */
interface Running {
  /** Current node. */
  node: string;
  /** Fix attempt at the node's start. */
  fixAttempts: number;
  /** Date.now() at the job's start. */
  started: number;
  /** Its finished lines, read from its progress events. */
  lines: JobLines;
}

/** Where the display writes: stderr, or anything with write() (isTTY: redraw in place). */
export interface ProgressStream {
  /** Writes text. */
  write(text: string): unknown;
  /** Whether it is a terminal. */
  isTTY?: boolean;
  /** Terminal width in columns. */
  columns?: number;
}

/**
 * The live display of a bench on stderr: done / running / failed, elapsed time, each running job's
 * current stage (a TTY block redrawn in place), and above it each job's finished lines — its slow
 * steps with their times, failed attempts with where the run goes on, validation runs and standings
 * (`JobLines`) — and its outcome.
 */
export class BenchProgress {
  private readonly started = Date.now();
  private readonly running = new Map<string, Running>();
  private done = 0;
  private failed = 0;
  private drawn = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    /** Jobs this bench will run (skipped ones excluded). */
    private readonly total: number,
    /** Where to write (a TTY gets a block redrawn in place, anything else plain lines). */
    private readonly out: ProgressStream = process.stderr,
  ) {}

  /** Starts redrawing (TTY only). */
  start(): void {
    if (this.out.isTTY) this.ticker = setInterval(() => this.draw(), 500);
  }

  /** Stops redrawing and clears the live block. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.clear();
  }

  /** Prints a message above the live block. */
  note(message: string): void {
    this.notes([message]);
  }

  /** A job started. */
  jobStarted(key: string): void {
    this.running.set(key, { node: "starting", fixAttempts: 0, started: Date.now(), lines: new JobLines(key, !this.out.isTTY) });
    if (!this.out.isTTY) this.note(`${key} started`);
    else this.draw();
  }

  /** One of a job's progress events: its finished lines are printed; a node start moves its stage. */
  event(key: string, event: ProgressEvent): void {
    const job = this.running.get(key);
    if (!job) return;
    const lines = job.lines.apply(event, Date.now());
    if (event.event === "node-start") {
      job.node = event.node;
      job.fixAttempts = event.fixAttempts;
    }
    if (lines.length > 0) this.notes(lines);
    else if (event.event === "node-start") this.draw();
  }

  /** A job finished with its result. */
  jobFinished(key: string, result: TaskResult): void {
    const rest = this.running.get(key)?.lines.finish() ?? [];
    this.running.delete(key);
    this.done++;
    if (!result.valid) this.failed++;
    const outcome = result.valid
      ? `✓ valid, ${result.metric} ${formatScore(result.score)}`
      : `✗ ${result.status}: ${result.invalidReason ?? result.error ?? "no valid submission"}`;
    this.notes([...rest, `${key} ${outcome} (${result.seconds.total.toFixed(1)}s)`]);
  }

  /** A job was dropped unfinished (the bench was stopped). */
  jobDropped(key: string): void {
    this.running.delete(key);
    this.draw();
  }

  /** Prints messages above the live block, each with the elapsed time. */
  private notes(messages: string[]): void {
    this.clear();
    const at = this.elapsed();
    this.out.write(messages.map((message) => `[${at}] ${message}\n`).join(""));
    this.draw();
  }

  private summary(): string {
    const queued = this.total - this.done - this.running.size;
    return `bench ${this.done}/${this.total} done · ${this.running.size} running · ${this.failed} failed · ${queued} queued · ${this.elapsed().trim()}`;
  }

  private draw(): void {
    if (!this.out.isTTY) return;
    this.clear();
    const width = this.out.columns || 120;
    const lines = [
      this.summary(),
      ...[...this.running].map(([key, job]) => `  ${key}  ▶ ${stage(job)}  ${((Date.now() - job.started) / 1000).toFixed(0)}s`),
    ];
    this.out.write(lines.map((l) => l.slice(0, width - 1)).join("\n") + "\n");
    this.drawn = lines.length;
  }

  private clear(): void {
    if (!this.out.isTTY || this.drawn === 0) return;
    this.out.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private elapsed(): string {
    return `${((Date.now() - this.started) / 1000).toFixed(1).padStart(6)}s`;
  }
}

/** "execute (fix 2)". */
function stage(job: Running): string {
  return `${job.node}${job.fixAttempts > 0 ? ` (fix ${job.fixAttempts})` : ""}`;
}
