import { describe, expect, it } from "vitest";
import { OutputCapture } from "../../../src/tools/sandbox/output-capture.js";

describe("OutputCapture", () => {
  it("keeps everything under the budget, untruncated", () => {
    const capture = new OutputCapture(100);
    capture.push(Buffer.from("hello "));
    capture.push(Buffer.from("world"));
    expect(capture.text()).toBe("hello world");
    expect(capture.truncated).toBe(false);
    expect(capture.totalBytes).toBe(11);
  });

  it("keeps head and tail with a marker counting the dropped bytes", () => {
    const capture = new OutputCapture(40);
    capture.push(Buffer.from("HEAD-0123456789"));
    for (let i = 0; i < 100; i += 1) capture.push(Buffer.from("middle"));
    capture.push(Buffer.from("the-very-last-line"));
    const text = capture.text();
    expect(capture.truncated).toBe(true);
    expect(text.startsWith("HEAD-01234")).toBe(true);
    expect(text.endsWith("the-very-last-line")).toBe(true);
    const dropped = capture.totalBytes - 40;
    expect(text).toContain(`[... linguacodus: ${dropped} bytes of output truncated ...]`);
  });

  it("stays bounded while 256 MiB stream through it", () => {
    const capture = new OutputCapture(4096);
    const chunk = Buffer.alloc(64 * 1024, "z");
    for (let i = 0; i < 4096; i += 1) capture.push(chunk);
    expect(capture.totalBytes).toBe(256 * 1024 * 1024);
    expect(capture.text().length).toBeLessThan(4096 + 100);
  });

  it("handles one chunk larger than the whole budget", () => {
    const capture = new OutputCapture(8);
    capture.push(Buffer.from("abcdefghijklmnopqrstuvwxyz"));
    expect(capture.text()).toMatch(/^ab\n\[\.\.\. linguacodus: 18 bytes of output truncated \.\.\.\]\nuvwxyz$/);
  });
});
