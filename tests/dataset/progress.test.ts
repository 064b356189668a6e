import { describe, expect, it } from "vitest";
import { clipCode, MAX_CODE_CHARS } from "../../src/dataset/extract.js";
import { ExtractionProgress } from "../../src/dataset/progress.js";

describe("ExtractionProgress", () => {
  it("prints counts, the current rate and an ETA per event, and failures with their reason", () => {
    const lines: string[] = [];
    const progress = new ExtractionProgress(5, (text) => lines.push(text), false);
    progress.skip(2);
    progress.done("t/a");
    progress.failed("t/b", "HTTP 500\nstack...");
    progress.finish();
    expect(progress.counts).toEqual({ total: 5, done: 1, failed: 1, skipped: 2 });
    expect(lines[0]).toMatch(/^\[ +\d+\.\ds\] 2\/5: done 0, failed 0, skipped 2 \| 0\.00\/s \| skipped 2\n$/);
    expect(lines[1]).toMatch(/3\/5: done 1, failed 0, skipped 2 \| \d+\.\d\d\/s \| ETA \d+s \| t\/a ok\n$/);
    expect(lines[2]).toMatch(/4\/5: done 1, failed 1, skipped 2 \| .* \| t\/b FAILED: HTTP 500\n$/);
    expect(progress.rate()).toBeGreaterThan(0);
  });

  it("rewrites one line on a TTY and keeps failures on their own lines", () => {
    const lines: string[] = [];
    const progress = new ExtractionProgress(2, (text) => lines.push(text), true);
    progress.done("t/a");
    progress.failed("t/b", "bad");
    progress.finish();
    expect(lines[0].startsWith("\r\x1b[2K")).toBe(true);
    expect(lines[0].endsWith("t/a ok")).toBe(true);
    expect(lines[1].endsWith("t/b FAILED: bad\n")).toBe(true);
    expect(lines[2]).toBe("\n");
  });
});

describe("clipCode", () => {
  it("keeps short code and cuts long code with a marker", () => {
    expect(clipCode("  print(1)\n")).toBe("print(1)");
    const clipped = clipCode("x".repeat(MAX_CODE_CHARS + 10));
    expect(clipped.startsWith("x".repeat(MAX_CODE_CHARS))).toBe(true);
    expect(clipped.endsWith("\n# ... (the rest of the solution, 10 characters, is cut)")).toBe(true);
  });
});
