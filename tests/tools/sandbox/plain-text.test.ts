import { describe, expect, it } from "vitest";
import { printable } from "../../../src/tools/sandbox/plain-text.js";

describe("printable", () => {
  it.each([
    ["CSI colour and cursor moves", "\x1b[31mred\x1b[0m \x1b[2J\x1b[1Aup", "red up"],
    ["OSC window title (BEL and ST ended)", "\x1b]0;pwned\x07a\x1b]2;x\x1b\\b", "ab"],
    ["carriage return redraws", "FAILED\rOK    ", "FAILEDOK    "],
    ["NUL, backspace, DEL and C1 controls", "a\x00b\x08c\x7fd\x9be", "abcde"],
    ["bidirectional overrides and isolates", "ab\u202ecd\u2066e\u2069", "abcde"],
  ])("removes %s", (_name, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it("keeps newlines, tabs and ordinary Unicode", () => {
    expect(printable("a\tb\nc — é ✓")).toBe("a\tb\nc — é ✓");
  });
});
