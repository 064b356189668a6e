import { formatScore } from "../report/format.js";
import type { TaskResult } from "./result.js";

/** A job being run: where it is and since when. */
interface Running {
  /** Current node. */
  node: string;
  /** Fix attempt at the node's start. */
  fixAttempts: number;
  /** Date.now() at the job's start. */
  started: number;
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

/** The live display of a bench on stderr: done / running / failed, elapsed time, each running job's current stage. */
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
    this.clear();
    this.out.write(`[${this.elapsed()}] ${message}\n`);
    this.draw();
  }

  /** A job started. */
  jobStarted(key: string): void {
    this.running.set(key, { node: "starting", fixAttempts: 0, started: Date.now() });
    if (!this.out.isTTY) this.note(`${key} started`);
    else this.draw();
  }

  /** A job's node started. */
  node(key: string, node: string, fixAttempts: number): void {
    const job = this.running.get(key);
    if (!job) return;
    job.node = node;
    job.fixAttempts = fixAttempts;
    if (!this.out.isTTY) this.note(`${key} ▶ ${stage(job)}`);
    else this.draw();
  }

  /** A job finished with its result. */
  jobFinished(key: string, result: TaskResult): void {
    this.running.delete(key);
    this.done++;
    if (!result.valid) this.failed++;
    const outcome = result.valid
      ? `✓ valid, ${result.metric} ${formatScore(result.score)}`
      : `✗ ${result.status}: ${result.invalidReason ?? result.error ?? "no valid submission"}`;
    this.note(`${key} ${outcome} (${result.seconds.total.toFixed(1)}s)`);
  }

  /** A job was dropped unfinished (the bench was stopped). */
  jobDropped(key: string): void {
    this.running.delete(key);
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
