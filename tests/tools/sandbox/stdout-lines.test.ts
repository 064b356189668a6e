import { describe, expect, it } from "vitest";
import { MAX_LINE_CHARS, MAX_STREAMED_LINES, StdoutLines } from "../../../src/tools/sandbox/stdout-lines.js";

/** A StdoutLines over a clock the test moves. */
function lines() {
  const got: string[] = [];
  const clock = { ms: 0 };
  return {
    got,
    clock,
    stream: new StdoutLines(
      (line) => got.push(line),
      () => clock.ms,
    ),
  };
}

describe("StdoutLines", () => {
  it("passes complete lines on as they come, joins lines split across chunks and UTF-8 split inside a character", () => {
    const { got, stream } = lines();
    stream.push(Buffer.from("epoch 1\nepo"));
    expect(got).toEqual(["epoch 1"]);
    const accent = Buffer.from("ch 2 é\n");
    const cut = accent.indexOf(0xc3) + 1; // between the two bytes of é
    stream.push(accent.subarray(0, cut));
    stream.push(accent.subarray(cut));
    stream.push(Buffer.from("\n\n   \nlast without newline"));
    expect(got).toEqual(["epoch 1", "epoch 2 é"]);
    stream.end();
    expect(got).toEqual(["epoch 1", "epoch 2 é", "last without newline"]);
  });

  it("removes escape sequences and control characters, splits on carriage returns, and cuts long lines", () => {
    const { got, stream } = lines();
    stream.push(Buffer.from("\x1b[2J\x1b]0;title\x07clean\x08 text\r 10%|#\r 50%|#####\r\n"));
    stream.push(Buffer.from(`${"x".repeat(MAX_LINE_CHARS * 3)}\nnext\n`));
    expect(got).toEqual(["clean text", " 10%|#", " 50%|#####", `${"x".repeat(MAX_LINE_CHARS)}…`, "next"]);
  });

  it("passes a burst, then a few lines a second, and says how many it dropped", () => {
    const { got, clock, stream } = lines();
    stream.push(Buffer.from(Array.from({ length: 500 }, (_, i) => `line ${i}\n`).join("")));
    expect(got).toHaveLength(100);
    clock.ms = 1000; // a second later: 20 more tokens
    stream.push(Buffer.from(Array.from({ length: 50 }, (_, i) => `later ${i}\n`).join("")));
    expect(got).toHaveLength(120);
    expect(got.at(-1)).toBe("later 19");
    stream.end();
    expect(got.at(-1)).toBe("[linguacodus: 430 more line(s) not streamed; the attempt's log keeps the output]");
  });

  it("passes at most MAX_STREAMED_LINES lines however slowly they come", () => {
    const { got, clock, stream } = lines();
    for (let i = 0; i < MAX_STREAMED_LINES + 10; i++) {
      clock.ms += 1000;
      stream.push(Buffer.from(`tick ${i}\n`));
    }
    stream.end();
    expect(got).toHaveLength(MAX_STREAMED_LINES + 1);
    expect(got.at(-1)).toBe("[linguacodus: 10 more line(s) not streamed; the attempt's log keeps the output]");
  });

  it("stops passing lines on once the receiver throws, without throwing itself", () => {
    let calls = 0;
    const stream = new StdoutLines(() => {
      calls++;
      throw new Error("display gone");
    });
    stream.push(Buffer.from("a\nb\nc\n"));
    stream.end();
    expect(calls).toBe(1);
  });
});
