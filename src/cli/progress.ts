import type { ProgressStream } from "../bench/progress.js";
import type { ProgressEvent } from "../types/progress-events.js";
import { ProgressView } from "../progress/view.js";

/**
 * Live progress on stderr: the finished steps as lines (with their times, the validation runs'
 * scores, failed attempts and where the run goes on) and, on a terminal, one live line with the
 * elapsed time, the running step and its script's latest output line. Anything else (a file, a
 * pipe) gets the finished lines only.
 */
export class Progress {
  private readonly started = Date.now();
  private readonly live: boolean;
  private readonly view: ProgressView;
  private ticker: NodeJS.Timeout | undefined;

  /** @param out where to write (a TTY gets the live line). */
  constructor(private readonly out: ProgressStream = process.stderr) {
    this.live = out.isTTY === true;
    this.view = new ProgressView(!this.live);
  }

  /** Starts the elapsed-time ticker (TTY only). */
  start(): void {
    if (this.live && !this.ticker) this.ticker = setInterval(() => this.render(), 250);
  }

  /** Takes one event of the run's custom stream. */
  event(event: ProgressEvent): void {
    const lines = this.view.apply(event, Date.now());
    if (lines.length > 0) this.print(lines);
    else if (this.ticker && (event.event === "node-start" || event.event === "stdout")) this.render();
  }

  /** Prints a message above the live line. */
  note(message: string): void {
    this.print([`[${this.elapsed()}] ${message}`]);
  }

  /** Stops the ticker, prints the failed attempts no step followed, and clears the live line. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    const rest = this.view.finish();
    if (this.live) this.out.write("\r\x1b[2K");
    if (rest.length > 0) this.out.write(rest.map((line) => `${line}\n`).join(""));
  }

  private print(lines: string[]): void {
    if (this.live) this.out.write("\r\x1b[2K");
    this.out.write(lines.map((line) => `${line}\n`).join(""));
    if (this.ticker) this.render();
  }

  private elapsed(): string {
    return `${((Date.now() - this.started) / 1000).toFixed(1).padStart(6)}s`;
  }

  /** Redraws the live line (none between steps), cut to the terminal's width so it never wraps. */
  private render(): void {
    const step = this.view.live(Date.now());
    const line = step ? `[${this.elapsed()}] ▶ ${step}` : "";
    const width = this.out.columns ?? 0;
    this.out.write(`\r\x1b[2K${width > 1 && line.length >= width ? line.slice(0, width - 1) : line}`);
  }
}
