import { StringDecoder } from "node:string_decoder";
import { printable } from "./plain-text.js";

/** Longest line passed on, in characters; the rest of a longer line is dropped (marked "…"). */
export const MAX_LINE_CHARS = 400;

/** Most lines passed on per run; after them one line says how many more were not. */
export const MAX_STREAMED_LINES = 1000;

/** Lines passed on in a burst before the rate applies. */
const BURST_LINES = 100;

/** Lines per second passed on once a burst is spent. */
const LINES_PER_SECOND = 20;

/**
 * Splits a script's stdout into lines as it comes and passes them on for live display: decoded
 * as UTF-8 across chunks, escape sequences and control characters removed, blank lines skipped,
 * each cut to MAX_LINE_CHARS, a burst of BURST_LINES and then LINES_PER_SECOND a second, at most
 * MAX_STREAMED_LINES in all; end() passes on the last unfinished line and, when lines were
 * dropped, one line saying how many. Memory stays bounded whatever the script prints. A callback
 * that throws stops the passing on, never the run.
 */
export class StdoutLines {
  private readonly decoder = new StringDecoder("utf8");
  /** Line ends: a newline, or a carriage return (a progress bar redrawing its line). */
  private readonly lineEnd = /[\r\n]/g;
  private partial = "";
  /** The current line was cut at MAX_LINE_CHARS: the rest of it is dropped. */
  private cut = false;
  private tokens = BURST_LINES;
  private refilledAt: number;
  private sent = 0;
  private dropped = 0;
  private closed = false;

  constructor(
    /** Receives each line passed on. */
    private readonly onLine: (line: string) => void,
    /** Milliseconds clock (tests pass their own). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.refilledAt = now();
  }

  /** Takes a chunk of stdout. */
  push(chunk: Buffer): void {
    if (!this.closed) this.take(this.decoder.write(chunk));
  }

  /** The output ended: passes on the unfinished line and how many lines were dropped. */
  end(): void {
    if (this.closed) return;
    this.take(this.decoder.end());
    this.complete();
    if (this.dropped > 0) this.send(`[linguacodus: ${this.dropped} more line(s) not streamed; the attempt's log keeps the output]`);
    this.closed = true;
  }

  private take(text: string): void {
    let start = 0;
    this.lineEnd.lastIndex = 0;
    for (let end = this.lineEnd.exec(text); end; end = this.lineEnd.exec(text)) {
      this.append(text.slice(start, end.index));
      this.complete();
      start = end.index + 1;
    }
    this.append(text.slice(start));
  }

  private append(piece: string): void {
    if (this.cut || piece === "") return;
    this.partial += piece;
    if (this.partial.length > MAX_LINE_CHARS) {
      this.partial = `${this.partial.slice(0, MAX_LINE_CHARS)}…`;
      this.cut = true;
    }
  }

  private complete(): void {
    const line = this.partial;
    this.partial = "";
    this.cut = false;
    if (this.closed || line.trim() === "") return;
    if (this.sent >= MAX_STREAMED_LINES || !this.token()) {
      this.dropped++;
      return;
    }
    const text = printable(line).trimEnd();
    if (text.trim() !== "") this.send(text);
  }

  /** Takes one line's token from the bucket, refilled at LINES_PER_SECOND up to BURST_LINES. */
  private token(): boolean {
    const now = this.now();
    this.tokens = Math.min(BURST_LINES, this.tokens + ((now - this.refilledAt) / 1000) * LINES_PER_SECOND);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private send(line: string): void {
    this.sent++;
    try {
      this.onLine(line);
    } catch {
      this.closed = true; // a display that fails stops being fed; the run goes on
    }
  }
}
