/**
 * A unified line diff of two texts (the script before and after a fix), by jsdiff (the `diff`
 * package: Myers' algorithm). A pair too different to diff within the time limit is shown with
 * what lies between its common head and tail replaced whole.
 */
import { structuredPatch } from "diff";

/** A unified diff and what it counts. */
export interface LineDiff {
  /** The diff in unified format (`--- a`, `+++ b`, `@@ -l,n +l,n @@` hunks), empty when the texts are equal. */
  text: string;
  /** Lines added. */
  added: number;
  /** Lines removed. */
  removed: number;
}

/** Milliseconds jsdiff may spend on one pair before the diff falls back to "replaced whole". */
const DIFF_TIMEOUT_MS = 500;

/** A hunk as jsdiff gives it: ranges (1-based starts; an empty range starts at the line after) and its prefixed lines. */
interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

/** The lines of a text; a final newline ends the last line rather than starting an empty one. */
function linesOf(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** A hunk header's range as `diff -u` writes it: an empty range starts at the line before it, count 1 is left out. */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** One hunk that replaces whole what lies between the common head and tail of the two texts, with `context` lines around it. */
function replacedWhole(before: string[], after: string[], context: number): Hunk {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail])
    tail++;
  const from = Math.max(0, head - context);
  const leading = before.slice(from, head).map((line) => ` ${line}`);
  const trailing = before.slice(before.length - tail, before.length - tail + Math.min(context, tail)).map((line) => ` ${line}`);
  const removed = before.slice(head, before.length - tail).map((line) => `-${line}`);
  const added = after.slice(head, after.length - tail).map((line) => `+${line}`);
  return {
    oldStart: from + 1,
    oldLines: leading.length + removed.length + trailing.length,
    newStart: from + 1,
    newLines: leading.length + added.length + trailing.length,
    lines: [...leading, ...removed, ...added, ...trailing],
  };
}

/** The unified diff of `before` and `after`, with `context` unchanged lines around each change. */
export function unifiedDiff(before: string, after: string, names: { from: string; to: string }, context = 3): LineDiff {
  const a = linesOf(before);
  const b = linesOf(after);
  // both texts end with a newline here, so no "\ No newline at end of file" markers appear
  const text = (lines: string[]) => (lines.length ? `${lines.join("\n")}\n` : "");
  const patch = structuredPatch(names.from, names.to, text(a), text(b), "", "", { context, timeout: DIFF_TIMEOUT_MS });
  const hunks: Hunk[] = patch === undefined ? [replacedWhole(a, b, context)] : patch.hunks;
  if (hunks.length === 0) return { text: "", added: 0, removed: 0 };
  const out = [`--- ${names.from}`, `+++ ${names.to}`];
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`, ...hunk.lines);
    added += hunk.lines.filter((line) => line.startsWith("+")).length;
    removed += hunk.lines.filter((line) => line.startsWith("-")).length;
  }
  return { text: `${out.join("\n")}\n`, added, removed };
}
