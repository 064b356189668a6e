/**
 * report.html of one run: a self-contained page (inline CSS, a server-rendered SVG chart, no
 * scripts, no network) with the outcome, the candidates and their critique, the decision, the
 * final instruction, the time per node, the final script and the last execution's output.
 */
import { ordered } from "../graph/linguacodus/search.js";
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

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px; color: #222; max-width: 1100px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table { border-collapse: collapse; font-size: 13px; } th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } pre { background: #f7f7f7; padding: 10px; white-space: pre-wrap; font-size: 12px; }
.succeeded { color: #1b7f3b; } .failed, .budget_exhausted { color: #b00020; } .chosen { background: #eef6ee; }
`;

/** Reads events.jsonl (an empty list when absent). */
async function readEvents(runDir: string): Promise<RunEvent[]> {
  const text = await readFile(join(runDir, "events.jsonl"), "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as RunEvent);
}

/** Seconds per node, summed over its steps, as a horizontal bar chart. */
function timeChart(events: RunEvent[]): TopLevelSpec | null {
  const totals = new Map<string, number>();
  for (const e of events) totals.set(e.node, (totals.get(e.node) ?? 0) + e.ms / 1000);
  if (totals.size === 0) return null;
  const order = [...totals.keys()];
  return {
    width: 520,
    data: { values: order.map((node) => ({ node, seconds: Number(totals.get(node)!.toFixed(3)) })) },
    mark: { type: "bar", color: "#4c78a8" },
    encoding: {
      y: { field: "node", type: "nominal", sort: order, title: null },
      x: { field: "seconds", type: "quantitative", title: "seconds (summed over steps)" },
    },
  };
}

/** Renders the page for a finished run. */
export async function renderRunReport(state: State, summary: RunSummary): Promise<string> {
  const events = await readEvents(state.runDir!);
  const chart = timeChart(events);
  const usage =
    Object.entries(summary.usage)
      .map(([role, u]) => `${role}: ${u.calls} calls, ${u.inputTokens}+${u.outputTokens} tokens`)
      .join("; ") || "none";
  const critiques = new Map((state.critiques ?? []).map((c) => [c.rank, c]));
  const candidateRows = state.candidates
    .map((c) => {
      const flaws =
        critiques
          .get(c.rank)
          ?.flaws.map((f) => `${f.severity}: ${f.issue}`)
          .join("<br>") || "none";
      const chosen = state.decision?.chosen === c.rank;
      return `<tr class="${chosen ? "chosen" : ""}"><td>${c.rank}${chosen ? " (chosen)" : ""}</td><td>${esc(c.title)}</td><td>${esc(c.summary)}</td><td>${flaws === "none" ? "none" : flaws.split("<br>").map(esc).join("<br>")}</td></tr>`;
    })
    .join("");
  const leaderboard = ordered(state.trials)
    .map((t) => {
      const best = t.key === summary.bestRun;
      const claim = t.reportedScore ?? (t.reportedNote ? `none (${t.reportedNote})` : "none");
      const kept = t.source === "improvement" ? (summary.rounds.find((r) => r.key === t.key)?.kept ? "kept" : "not kept") : "";
      return `<tr class="${best ? "chosen" : ""}"><td>${esc(t.key)}${best ? " (submitted)" : ""}</td><td>${esc(t.title)}${t.change ? `<br>${esc(t.change)}` : ""}</td><td>${t.holdoutScore ?? "none"}</td><td>${esc(String(claim))}</td><td>${esc(t.failure ?? kept)}</td></tr>`;
    })
    .join("");
  const holdout =
    summary.holdout && "kind" in summary.holdout
      ? `${summary.holdout.kind}: ${summary.holdout.folds} fold(s), ${summary.holdout.fitRows} fit rows, ${summary.holdout.holdoutRows} held out, seed ${summary.holdout.seed}`
      : (summary.holdout?.none ?? "");
  const execution = lastExecution(state.attempts);
  const log = execution ? `${execution.stdout}\n${execution.stderr}`.trim().slice(-6000) : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Linguacodus run — ${esc(state.task?.title ?? state.taskDir)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(state.task?.title ?? state.taskDir)}</h1>
<table>
<tr><th>status</th><td class="${summary.status}">${summary.status}${summary.error ? ` — ${esc(summary.error)}` : ""}</td></tr>
<tr><th>engine</th><td>${esc(summary.engine ?? "none")}</td></tr>
<tr><th>metric / validation score</th><td>${esc(summary.metric ?? "unknown")} / ${summary.validationScore ?? "not reported"}</td></tr>
<tr><th>submission</th><td>${esc(summary.submissionPath ?? "none")}</td></tr>
<tr><th>fix attempts / script versions</th><td>${summary.fixAttempts} / ${summary.codeVersions}</td></tr>
<tr><th>model calls</th><td>${esc(usage)}</td></tr>
</table>
${state.instruction || state.experience ? experienceHtml(state.experience) : ""}
<h2>Candidates and critique</h2>
${candidateRows ? `<table><tr><th>rank</th><th>title</th><th>summary</th><th>flaws found</th></tr>${candidateRows}</table>` : "<p>No candidates.</p>"}
${leaderboard ? `<h2>Leaderboard (measured on the holdout)</h2><p>${esc(holdout)}; ${summary.higherIsBetter ? "higher" : "lower"} is better. The script's claim decides nothing.${summary.searchStop ? ` Search stopped: ${esc(summary.searchStop)}.` : ""}</p><table><tr><th>run</th><th>instruction</th><th>holdout score</th><th>script's claim</th><th>failure / kept</th></tr>${leaderboard}</table>` : ""}
${state.decision ? `<h2>Decision</h2><p>${esc(state.decision.rationale)}</p>` : ""}
${state.instruction ? `<h2>Final instruction</h2><pre>${esc(renderInstructionMarkdown(state.instruction))}</pre>` : ""}
<h2>Time per node</h2>
${chart ? await renderSvg(chart) : "<p>No events.</p>"}
${state.code ? `<h2>Final script (v${summary.codeVersions})</h2><pre>${esc(state.code)}</pre>` : ""}
${log ? `<h2>Last execution output</h2><pre>${esc(log)}</pre>` : ""}
</body></html>
`;
}
