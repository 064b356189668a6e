/** Counts of an extraction run. */
export interface ExtractionCounts {
  /** Solutions to account for in this run. */
  total: number;
  /** Instructions extracted in this run. */
  done: number;
  /** Solutions that failed. */
  failed: number;
  /** Solutions skipped (cached, no score, no reference, over --limit). */
  skipped: number;
}

/** Finishes the current rate is measured over. */
const RATE_WINDOW = 20;

/** Live progress of `dataset extract` on stderr: counts, current rate and ETA, one line per event (rewritten on a TTY). */
export class ExtractionProgress {
  /** The counts so far. */
  readonly counts: ExtractionCounts;
  private readonly started = Date.now();
  private readonly finishes: number[] = [];

  /** `write` receives every piece of output; `live` rewrites one line in place (for a TTY). */
  constructor(
    total: number,
    private readonly write: (text: string) => void = (text) => process.stderr.write(text),
    private readonly live: boolean = process.stderr.isTTY === true,
  ) {
    this.counts = { total, done: 0, failed: 0, skipped: 0 };
  }

  /** Records skipped solutions (without a line each). */
  skip(count: number): void {
    this.counts.skipped += count;
    if (count > 0) this.show(`skipped ${count}`, false);
  }

  /** Records an extracted instruction. */
  done(label: string): void {
    this.counts.done++;
    this.finished();
    this.show(`${label} ok`, false);
  }

  /** Records a failure; the reason is always printed on its own line. */
  failed(label: string, reason: string): void {
    this.counts.failed++;
    this.finished();
    this.show(`${label} FAILED: ${reason.split("\n")[0].slice(0, 200)}`, true);
  }

  /** Ends the live line. */
  finish(): void {
    if (this.live) this.write("\n");
  }

  /** Solutions finished (extracted or failed) per second over the last RATE_WINDOW finishes. */
  rate(): number {
    const full = this.finishes.length === RATE_WINDOW;
    const seconds = Math.max((Date.now() - (full ? this.finishes[0] : this.started)) / 1000, 1e-3);
    return (full ? RATE_WINDOW - 1 : this.finishes.length) / seconds;
  }

  private finished(): void {
    this.finishes.push(Date.now());
    if (this.finishes.length > RATE_WINDOW) this.finishes.shift();
  }

  private show(event: string, keep: boolean): void {
    const { total, done, failed, skipped } = this.counts;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1).padStart(6);
    const left = total - done - failed - skipped;
    const rate = this.rate();
    const eta = left > 0 && rate > 0 ? ` | ETA ${Math.ceil(left / rate)}s` : "";
    const line = `[${seconds}s] ${done + failed + skipped}/${total}: done ${done}, failed ${failed}, skipped ${skipped} | ${rate.toFixed(2)}/s${eta} | ${event}`;
    if (!this.live) this.write(`${line}\n`);
    else this.write(`\r\x1b[2K${line}${keep ? "\n" : ""}`);
  }
}
