/** Share of the byte budget kept from the start of a stream; the rest keeps its end. */
const HEAD_SHARE = 0.25;

/**
 * Keeps the head and the tail of a byte stream within a fixed budget and drops
 * the middle, so a script printing gigabytes never grows host memory.
 */
export class OutputCapture {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  /** Bytes seen so far, kept or not. */
  totalBytes = 0;

  /** @param limitBytes bytes kept in all (head plus tail). */
  constructor(limitBytes: number) {
    this.headCap = Math.floor(limitBytes * HEAD_SHARE);
    this.tailCap = limitBytes - this.headCap;
  }

  /** True once more bytes arrived than the budget keeps. */
  get truncated(): boolean {
    return this.totalBytes > this.headCap + this.tailCap;
  }

  /** Adds a chunk; memory stays bounded by the budget plus one chunk. */
  push(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.headCap) {
      const take = rest.subarray(0, this.headCap - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      rest = rest.subarray(take.length);
    }
    if (rest.length === 0) return;
    this.tail.push(rest);
    this.tailBytes += rest.length;
    while (this.tail.length > 1 && this.tailBytes - this.tail[0].length >= this.tailCap) {
      this.tailBytes -= this.tail[0].length;
      this.tail.shift();
    }
  }

  /** The kept text, with a marker saying how many bytes were dropped in the middle. */
  text(): string {
    const head = Buffer.concat(this.head);
    const tailAll = Buffer.concat(this.tail);
    const tail = tailAll.subarray(Math.max(0, tailAll.length - this.tailCap));
    const dropped = this.totalBytes - head.length - tail.length;
    if (dropped <= 0) return Buffer.concat([head, tail]).toString("utf8");
    const marker = `\n[... linguacodus: ${dropped} bytes of output truncated ...]\n`;
    return head.toString("utf8") + marker + tail.toString("utf8");
  }
}
