/** Live progress on stderr: the current node, elapsed time and fix attempt. */
export class Progress {
  private readonly started = Date.now();
  private readonly live = process.stderr.isTTY === true;
  private ticker: NodeJS.Timeout | undefined;
  private line = "";

  /** Starts the elapsed-time ticker (TTY only). */
  start(): void {
    if (this.live) this.ticker = setInterval(() => this.render(), 250);
  }

  /** Reports that a node started. */
  node(node: string, fixAttempts: number): void {
    this.line = `${node}${fixAttempts > 0 ? ` (fix attempt ${fixAttempts})` : ""}`;
    if (this.live) this.render();
    else process.stderr.write(`[${this.elapsed()}] ${this.line}\n`);
  }

  /** Prints a message above the live line. */
  note(message: string): void {
    if (this.live) process.stderr.write("\r\x1b[2K");
    process.stderr.write(`[${this.elapsed()}] ${message}\n`);
    if (this.live) this.render();
  }

  /** Stops the ticker and clears the live line. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.live) process.stderr.write("\r\x1b[2K");
  }

  /** Seconds since start. */
  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  private elapsed(): string {
    return `${this.seconds().toFixed(1).padStart(6)}s`;
  }

  private render(): void {
    process.stderr.write(`\r\x1b[2K[${this.elapsed()}] ▶ ${this.line}`);
  }
}
