/**
 * A unified line diff of two texts (the script before and after a fix), from a longest common
 * subsequence of their lines. The common head and tail are trimmed first, so a small fix of a long
 * script costs little; a middle too large for the table is shown as replaced whole.
 */

/** A unified diff and what it counts. */
export interface LineDiff {
  /** The diff in unified format (`--- a`, `+++ b`, `@@ -l,n +l,n @@` hunks), empty when the texts are equal. */
  text: string;
  /** Lines added. */
  added: number;
  /** Lines removed. */
  removed: number;
}

/** The largest LCS table (lines before × lines after, common head and tail trimmed) the diff builds. */
const MAX_CELLS = 4_000_000;

type Op = { kind: " " | "-" | "+"; line: string };

/** The lines of a text; a final newline ends the last line rather than starting an empty one. */
function linesOf(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The edit script of two line lists: kept, removed and added lines in order. */
function editScript(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle: Op[] = [];
  if (x.length * y.length > MAX_CELLS) {
    middle.push(...x.map((line): Op => ({ kind: "-", line })), ...y.map((line): Op => ({ kind: "+", line })));
  } else {
    // lcs[i * w + j]: length of the LCS of x[i..] and y[j..]
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        middle.push({ kind: " ", line: x[i] });
        i++;
        j++;
      } else if (j < y.length && (i === x.length || lcs[i * w + j + 1] > lcs[(i + 1) * w + j])) {
        middle.push({ kind: "+", line: y[j++] });
      } else {
        middle.push({ kind: "-", line: x[i++] });
      }
    }
  }
  const keep = (line: string): Op => ({ kind: " ", line });
  return [...a.slice(0, head).map(keep), ...middle, ...a.slice(a.length - tail).map(keep)];
}

/** A hunk header's range: start line and count, as `diff -u` writes it (start 0 for an empty range, count 1 left out). */
function range(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** The unified diff of `before` and `after`, with `context` unchanged lines around each change. */
export function unifiedDiff(before: string, after: string, names: { from: string; to: string }, context = 3): LineDiff {
  const ops = editScript(linesOf(before), linesOf(after));
  const changed = ops.flatMap((op, index) => (op.kind === " " ? [] : [index]));
  if (changed.length === 0) return { text: "", added: 0, removed: 0 };
  // groups of changes closer than 2 × context share one hunk
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const last = hunks[hunks.length - 1];
    if (last && index - last[1] <= 2 * context + 1) last[1] = index;
    else hunks.push([index, index]);
  }
  // line numbers before each op
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let n = 0;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (op.kind !== "+") o++;
    if (op.kind !== "-") n++;
  }
  const out = [`--- ${names.from}`, `+++ ${names.to}`];
  for (const [first, last] of hunks) {
    const start = Math.max(0, first - context);
    const end = Math.min(ops.length - 1, last + context);
    const slice = ops.slice(start, end + 1);
    const oldCount = slice.filter((op) => op.kind !== "+").length;
    const newCount = slice.filter((op) => op.kind !== "-").length;
    out.push(`@@ -${range(oldAt[start], oldCount)} +${range(newAt[start], newCount)} @@`);
    out.push(...slice.map((op) => `${op.kind}${op.line}`));
  }
  return {
    text: `${out.join("\n")}\n`,
    added: ops.filter((op) => op.kind === "+").length,
    removed: ops.filter((op) => op.kind === "-").length,
  };
}
