/**
 * report.html of one run: a self-contained page (inline CSS, a server-rendered SVG chart, no
 * scripts, no network) with the outcome, the data profile, the candidate leaderboard and its
 * critique, the decision, the final instruction, the attempts with each error and each fix's diff,
 * the models and blend the script measured, the time per node, and the final script (collapsed).
 */
import { lastExecution } from "../graph/linguacodus/attempts.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { renderInstructionMarkdown } from "../types/instruction.js";
import type { State } from "../graph/linguacodus/state.js";
import type { RunSummary } from "../graph/linguacodus/summary.js";
import { escapeHtml as esc } from "./format.js";
import { renderSvg } from "./svg.js";
import type { RunEvent } from "../run/artifacts.js";
import { experienceHtml } from "./experience-section.js";
import { profileHtml } from "./profile-section.js";
import { leaderboardHtml } from "./leaderboard-section.js";
import { attemptsHtml } from "./attempts-section.js";
import { metricsHtml } from "./metrics-section.js";
import type { RunFacts } from "./run-facts.js";

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px; color: #222; max-width: 1100px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; } h3 { font-size: 14px; }
table { border-collapse: collapse; font-size: 13px; } th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; } pre { background: #f7f7f7; padding: 10px; white-space: pre-wrap; font-size: 12px; }
td.succeeded, li.passed > b { color: #1b7f3b; } td.failed, td.budget_exhausted, li.failed > b, .error > b { color: #b00020; } .chosen { background: #eef6ee; }
.why, .caption, .note { color: #666; font-size: 12px; } .flaw.critical { color: #b00020; } .flaw.major { color: #a15c00; }
.bar { display: inline-block; height: 10px; background: #4c78a8; }
#attempts-timeline li { margin: 10px 0; } .error { margin: 4px 0; } .fix { margin: 4px 0; }
.diff .add { color: #1b7f3b; } .diff .del { color: #b00020; } .diff .hunk, .diff .file { color: #777; }
summary { cursor: pointer; }
`;

/** Reads events.jsonl (an empty list when absent). */
async function readEvents(runDir: string): Promise<RunEvent[]> {
  const text = await readFile(join(runDir, "events.jsonl"), "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as RunEvent);
}

/** Seconds per node, summed over its steps, as a horizontal bar chart with the value at each bar's end. */
function timeChart(events: RunEvent[]): TopLevelSpec | null {
  const totals = new Map<string, number>();
  for (const e of events) totals.set(e.node, (totals.get(e.node) ?? 0) + e.ms / 1000);
  if (totals.size === 0) return null;
  const order = [...totals.keys()];
  const y = { field: "node", type: "nominal", sort: order, title: null } as const;
  return {
    width: 520,
    data: { values: order.map((node) => ({ node, seconds: Number(totals.get(node)!.toFixed(3)) })) },
    layer: [
      {
        mark: { type: "bar", color: "#4c78a8" },
        encoding: { y, x: { field: "seconds", type: "quantitative", title: "seconds (summed over steps)" } },
      },
      {
        mark: { type: "text", align: "left", dx: 3, fontSize: 10 },
        encoding: { y, x: { field: "seconds", type: "quantitative" }, text: { field: "seconds", type: "quantitative", format: ".2f" } },
      },
    ],
  };
}

/** Renders the page for a finished run. */
export async function renderRunReport(state: State, summary: RunSummary, facts: RunFacts): Promise<string> {
  const events = await readEvents(state.runDir!);
  const chart = timeChart(events);
  const usage =
    Object.entries(summary.usage)
      .map(([role, u]) => `${role}: ${u.calls} calls, ${u.inputTokens}+${u.outputTokens} tokens`)
      .join("; ") || "none";
  const execution = lastExecution(state.attempts);
  const log = execution ? `${execution.stdout}\n${execution.stderr}`.trim().slice(-6000) : "";
  const lines = state.code ? state.code.replace(/\n$/, "").split("\n").length : 0;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Linguacodus run — ${esc(state.task?.title ?? state.taskDir)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(state.task?.title ?? state.taskDir)}</h1>
<table id="outcome">
<tr><th>status</th><td class="${summary.status}">${summary.status}${summary.error ? ` — ${esc(summary.error)}` : ""}</td></tr>
<tr><th>engine</th><td>${esc(summary.engine ?? "none")}</td></tr>
<tr><th>metric / validation score</th><td>${esc(summary.metric ?? "unknown")} / ${summary.validationScore ?? "not reported"}${summary.validationSource === "holdout" ? " (the harness's holdout score)" : ""}</td></tr>
<tr><th>submission</th><td>${esc(summary.submissionPath ?? "none")}</td></tr>
<tr><th>fix attempts / script versions</th><td>${summary.fixAttempts} / ${summary.codeVersions}</td></tr>
<tr><th>model calls</th><td>${esc(usage)}</td></tr>
</table>
${profileHtml(state.profile)}
${state.instruction || state.experience ? experienceHtml(state.experience) : ""}
${leaderboardHtml(state, summary)}
${state.decision ? `<h2>Decision</h2><p>${esc(state.decision.rationale)}</p>` : ""}
${state.instruction ? `<h2>Final instruction</h2><pre>${esc(renderInstructionMarkdown(state.instruction))}</pre>` : ""}
${attemptsHtml(facts.attempts)}
${state.code ? metricsHtml(facts.metrics, summary.reportedScore, summary.metric) : ""}
<h2>Time per node</h2>
${chart ? await renderSvg(chart) : "<p>No events.</p>"}
${state.code ? `<h2>Final script</h2><details id="final-script"><summary>code/solution.v${summary.codeVersions}.py — ${lines} lines (click to show)</summary><pre>${esc(state.code)}</pre></details>` : ""}
${log ? `<h2>Last execution output</h2><pre>${esc(log)}</pre>` : ""}
</body></html>
`;
}
