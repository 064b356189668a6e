import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/report/line-diff.js";

const NAMES = { from: "a.py", to: "b.py" };
const work = mkdtempSync(join(tmpdir(), "lc-diff-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** GNU diff's unified hunks (headers dropped) and its added/removed counts, as the oracle. */
function gnuDiff(before: string, after: string): { hunks: string; added: number; removed: number } {
  writeFileSync(join(work, "a"), before);
  writeFileSync(join(work, "b"), after);
  const out = spawnSync("diff", ["--minimal", "-u", join(work, "a"), join(work, "b")], { encoding: "utf8" }).stdout;
  const body = out.split("\n").slice(2);
  return {
    hunks: body.join("\n"),
    added: body.filter((l) => l.startsWith("+")).length,
    removed: body.filter((l) => l.startsWith("-")).length,
  };
}

/** Applies a unified diff to a text (the diff is right when it turns `before` into `after`). */
function applyDiff(before: string, diff: string): string {
  const old = before === "" ? [] : before.replace(/\n$/, "").split("\n");
  const out: string[] = [];
  let at = 0;
  for (const hunk of diff.split(/^(?=@@ )/m).slice(1)) {
    const [header, ...body] = hunk.replace(/\n$/, "").split("\n");
    const start = Number(/^@@ -(\d+)(?:,(\d+))?/.exec(header)![1]);
    const count = /^@@ -\d+,(\d+)/.exec(header)?.[1];
    const first = count === "0" ? start : start - 1;
    out.push(...old.slice(at, first));
    at = first;
    for (const line of body) {
      if (line.startsWith("+")) out.push(line.slice(1));
      else {
        expect(old[at], `context/removed line ${at}`).toBe(line.slice(1));
        if (line.startsWith(" ")) out.push(old[at]);
        at++;
      }
    }
  }
  out.push(...old.slice(at));
  return out.length ? `${out.join("\n")}\n` : "";
}

const lines = (n: number, f: (i: number) => string = (i) => `line ${i}`) => `${Array.from({ length: n }, (_, i) => f(i)).join("\n")}\n`;

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", NAMES)).toEqual({ text: "", added: 0, removed: 0 });
  });

  it("writes one hunk with three lines of context around a one-line fix, as diff -u does", () => {
    const before = lines(20);
    const after = before.replace("line 9\n", "line nine\n");
    const diff = unifiedDiff(before, after, NAMES);
    expect(diff.text).toBe(
      [
        "--- a.py",
        "+++ b.py",
        "@@ -7,7 +7,7 @@",
        " line 6",
        " line 7",
        " line 8",
        "-line 9",
        "+line nine",
        " line 10",
        " line 11",
        " line 12",
        "",
      ].join("\n"),
    );
    expect(diff).toMatchObject({ added: 1, removed: 1 });
    expect(diff.text.split("\n").slice(2).join("\n")).toBe(gnuDiff(before, after).hunks);
  });

  it("counts added and removed lines as few as GNU diff --minimal and turns before into after", () => {
    const base = lines(60, (i) => `x${i % 7} = ${i % 5}`);
    const cases: Array<[string, string]> = [
      ["", lines(3)],
      [lines(3), ""],
      [base, base.replace(/^x3 = .*$/gm, "x3 = 9")],
      [base, `import sys\n${base}print('done')\n`],
      [base, base.split("\n").reverse().join("\n")],
      [lines(40), lines(40, (i) => (i % 9 === 0 ? `changed ${i}` : `line ${i}`))],
      ["a\nb\nc", "a\nb\nc\nd"],
    ];
    for (const [before, after] of cases) {
      const diff = unifiedDiff(before, after, NAMES);
      const gnu = gnuDiff(before.endsWith("\n") || !before ? before : `${before}\n`, after.endsWith("\n") || !after ? after : `${after}\n`);
      expect({ added: diff.added, removed: diff.removed }).toEqual({ added: gnu.added, removed: gnu.removed });
      expect(applyDiff(before, diff.text).replace(/\n$/, "")).toBe(after.replace(/\n$/, ""));
    }
  });

  it("writes empty ranges as diff -u does", () => {
    expect(unifiedDiff("", "a\nb\n", NAMES).text).toBe("--- a.py\n+++ b.py\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    expect(unifiedDiff("a\n", "", NAMES).text).toBe("--- a.py\n+++ b.py\n@@ -1 +0,0 @@\n-a\n");
  });

  it("shows a pair too different to diff in time as replaced whole, and stays correct", () => {
    const before = lines(2500, (i) => `old ${i}`);
    const after = lines(2500, (i) => `new ${i}`);
    const diff = unifiedDiff(`head\n${before}tail\n`, `head\n${after}tail\n`, NAMES);
    expect(diff).toMatchObject({ added: 2500, removed: 2500 });
    expect(applyDiff(`head\n${before}tail\n`, diff.text)).toBe(`head\n${after}tail\n`);
  });
});
