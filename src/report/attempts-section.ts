/** The report.html attempts timeline: each execution, its error, and the fix after it with its diff. */
import { escapeHtml as esc } from "./format.js";
import type { TimelineEntry, TimelineRun } from "./attempts.js";
import type { LineDiff } from "./line-diff.js";

/** Diff lines shown at most per fix (a regenerated script can change every line). */
const MAX_DIFF_LINES = 400;

/** How an execution ended, in words. */
function runText(run: TimelineRun | null): string {
  if (!run) return "not run";
  const end = run.limitHit ? `the ${run.limitHit} limit fired` : run.signal ? `killed by ${run.signal}` : `exit ${run.exitCode}`;
  return `${run.ok ? "ran" : "failed"}: ${end}, ${run.seconds.toFixed(1)} s`;
}

/** A diff as HTML: added lines green, removed red, hunk headers grey; long diffs cut. */
function diffHtml(diff: LineDiff, from: number, to: number): string {
  const lines = diff.text.replace(/\n$/, "").split("\n");
  const shown = lines.slice(0, MAX_DIFF_LINES).map((line) => {
    const kind = line.startsWith("@@")
      ? "hunk"
      : line.startsWith("+++") || line.startsWith("---")
        ? "file"
        : line[0] === "+"
          ? "add"
          : line[0] === "-"
            ? "del"
            : "ctx";
    return `<span class="${kind}">${esc(line)}</span>`;
  });
  const cut =
    lines.length > MAX_DIFF_LINES
      ? `\n<span class="hunk">… ${lines.length - MAX_DIFF_LINES} more diff lines: compare code/solution.v${from}.py and v${to}.py</span>`
      : "";
  return `<details class="diff" open><summary>diff v${from} → v${to}: +${diff.added} −${diff.removed} lines</summary><pre>${shown.join("\n")}${cut}</pre></details>`;
}

/** Words for what wrote a version. */
const ORIGIN = {
  blocks: "the four code blocks",
  vanilla: "the vanilla coder",
  fix: "a fix",
  seed: "the validated script, run on the full task",
};

/** One version as a timeline entry: how it ran, its error, the fixer calls that wrote nothing, the fix that wrote the next. */
function attemptHtml(a: TimelineEntry): string {
  const state = a.error ? "failed" : "passed";
  const error = a.error
    ? `<div class="error"><b>${esc(a.error.errorClass)}</b>: ${esc(a.error.summary)}${a.error.decisive ? `<pre>${esc(a.error.decisive)}</pre>` : ""}</div>`
    : "";
  const escalated = (e: boolean) => (e ? " (the same error twice: regenerated from the instruction)" : "");
  const without = a.fixesWithoutCode
    .map((f) => `<div class="fix">A fix${escalated(f.escalated)} wrote no script: ${esc(f.change)}</div>`)
    .join("");
  const fix = a.fix
    ? `<div class="fix">The fix${escalated(a.fix.escalated)}: ${esc(a.fix.change)}${
        a.fix.diff
          ? diffHtml(a.fix.diff, a.codeVersion, a.fix.toVersion)
          : ` — wrote v${a.fix.toVersion} (a script file is missing, no diff)`
      }</div>`
    : "";
  return `<li class="attempt ${state}" data-attempt="${a.attempt}"><b>Attempt ${a.attempt}</b> — code/solution.v${a.codeVersion}.py, written by ${ORIGIN[a.origin]} — ${esc(runText(a.run))}${error}${without}${fix}</li>`;
}

/** The attempts section. */
export function attemptsHtml(attempts: readonly TimelineEntry[]): string {
  const body = attempts.length ? `<ol id="attempts-timeline">${attempts.map(attemptHtml).join("")}</ol>` : "<p>No script was written.</p>";
  return `<section id="attempts"><h2>Attempts</h2>${body}</section>`;
}
