/**
 * report.html: one self-contained page (inline CSS, charts as inline SVG rendered on the server;
 * no scripts, no network, no external fonts) with totals, a side-by-side results table (test and
 * validation scores), the charts (value labels; score axes not from zero) and every run's details,
 * each run linked to its own report.html by a relative path.
 */
import { existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { STAGES, type BenchMode, type BenchResults, type TaskResult } from "../result.js";
import { buildCharts } from "./charts.js";
import { escapeHtml as esc, formatCost, formatPercent, formatScore, formatSeconds } from "../../report/format.js";
import { usageCost } from "../totals.js";
import { renderSvg } from "../../report/svg.js";

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px; color: #222; max-width: 1200px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #555; font-size: 13px; } .caption { color: #555; font-size: 12px; margin: 2px 0 8px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: right; vertical-align: top; }
th { background: #f4f4f4; } td.text, th.text { text-align: left; }
.invalid { color: #b00020; } .valid { color: #1b7f3b; } .why { color: #666; font-size: 12px; max-width: 420px; text-align: left; }
figure { margin: 12px 0 24px; } figure svg { max-width: 100%; height: auto; } a { color: #1f5fa8; }
`;

/** The link from the bench report in `outDir` to a run's report.html (relative, so the folder can move), or null when the run wrote none. */
function runReportHref(outDir: string, r: TaskResult): string | null {
  const page = join(r.runDir, "report.html");
  if (!existsSync(page)) return null;
  return relative(outDir, page).split(sep).map(encodeURIComponent).join("/");
}

/** A run's label, linked to its report.html when it has one. */
function runLink(outDir: string, r: TaskResult, label: string): string {
  const href = runReportHref(outDir, r);
  return href ? `<a class="run-report" href="${esc(href)}">${label}</a>` : label;
}

/** Renders the whole page, to be written as `<outDir>/report.html`. */
export async function renderReport(results: BenchResults, outDir: string): Promise<string> {
  const modes = results.totals.map((t) => t.mode);
  const charts = await Promise.all(
    buildCharts(results.results).map(
      async (c) =>
        `<figure id="${c.id}"><h3>${esc(c.title)}</h3><p class="caption">${esc(c.caption)}</p>${await renderSvg(c.spec)}</figure>`,
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Linguacodus bench — ${esc(results.suite)}</title><style>${STYLE}</style></head>
<body>
<h1>Linguacodus bench</h1>
<p class="meta">suite ${esc(results.suite)} · started ${esc(results.startedAt)} · updated ${esc(results.updatedAt)} · ${esc(settingsLine(results.settings))}</p>
<h2>Totals</h2>
${totalsTable(results)}
<p class="caption">Normalised score = (score − floor) / (generic baseline − floor) per task, where floor is the score of the task's constant sample_submission.csv and the generic baseline comes from the suite README; invalid submissions count 0; tasks without a baseline are left out of the mean.</p>
<h2>Results</h2>
${comparisonTable(results.results, modes, outDir)}
<h2>Charts</h2>
${charts.length ? charts.join("\n") : "<p>No finished task yet.</p>"}
<h2>Runs</h2>
${detailTable(results.results, outDir)}
</body></html>
`;
}

function settingsLine(settings: Record<string, unknown>): string {
  return Object.entries(settings)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(",") : String(v)}`)
    .join(" · ");
}

function totalsTable(results: BenchResults): string {
  const head =
    "<tr><th class=text>mode</th><th>tasks</th><th>valid</th><th>valid rate</th><th>mean normalised</th><th>median time</th><th>model calls</th><th>tokens</th><th>cost</th><th>fix attempts</th></tr>";
  const rows = results.totals.map(
    (t) =>
      `<tr><td class=text>${t.mode}</td><td>${t.tasks}</td><td>${t.valid}</td><td>${formatPercent(t.validRate)}</td><td>${t.meanNormalised === null ? "—" : `${t.meanNormalised.toFixed(3)} (${t.normalisedTasks} tasks)`}</td><td>${formatSeconds(t.medianSeconds)}</td><td>${t.modelCalls}</td><td>${t.tokens}</td><td>${formatCost(t.cost ?? null)}</td><td>${t.fixAttempts}</td></tr>`,
  );
  return `<table>${head}${rows.join("")}</table>`;
}

/** One row per task, each mode's test and validation score, normalised score, status (linked to the run's report) and time side by side. */
function comparisonTable(results: readonly TaskResult[], modes: readonly BenchMode[], outDir: string): string {
  const tasks = [...new Set(results.map((r) => r.task))].sort();
  const modeHeads = modes.map((m) => `<th colspan=5>${m}</th>`).join("");
  const subHeads = modes
    .map(() => "<th>test score</th><th>validation</th><th>normalised</th><th class=text>status</th><th>time</th>")
    .join("");
  const rows = tasks.map((task) => {
    const own = results.filter((r) => r.task === task);
    const first = own[0];
    const cells = modes.map((mode) => {
      const r = own.find((x) => x.mode === mode && x.seed === 0) ?? own.find((x) => x.mode === mode);
      if (!r) return "<td colspan=5 class=text>not run</td>";
      const status = r.valid
        ? `<span class=valid>valid</span>`
        : `<span class=invalid>${esc(r.status === "succeeded" ? "invalid" : r.status)}</span>`;
      return `<td>${formatScore(r.score)}</td><td>${formatScore(r.validationScore)}</td><td>${r.normalised === null ? "—" : r.normalised.toFixed(3)}</td><td class=text>${runLink(outDir, r, status)}</td><td>${formatSeconds(r.seconds.total)}</td>`;
    });
    return `<tr><td class=text>${esc(task)}</td><td class=text>${esc(first.metric)} (${first.direction})</td><td>${formatScore(first.floor)}</td><td>${formatScore(first.reference)}</td>${cells.join("")}</tr>`;
  });
  return `<table><tr><th class=text rowspan=2>task</th><th class=text rowspan=2>metric</th><th rowspan=2>floor</th><th rowspan=2>reference</th>${modeHeads}</tr><tr>${subHeads}</tr>${rows.join("")}</table>`;
}

/** Every run (linked to its report) with stage times, model usage, fixes and the reason it is invalid. */
function detailTable(results: readonly TaskResult[], outDir: string): string {
  const head = `<tr><th class=text>task / mode</th><th class=text>status</th><th class=text>engine</th><th>validation</th>${STAGES.map((s) => `<th>${s}</th>`).join("")}<th>total</th><th>fixes</th><th class=text>model calls (in+out tokens, cost)</th><th>cost</th><th class=text>why invalid / error</th></tr>`;
  const rows = [...results]
    .sort((a, b) => a.task.localeCompare(b.task) || a.mode.localeCompare(b.mode) || a.seed - b.seed)
    .map((r) => {
      const usage =
        Object.entries(r.usage)
          .map(
            ([role, u]) =>
              `${role} ${u.calls} (${u.inputTokens}+${u.outputTokens}${typeof u.cost === "number" ? `, ${formatCost(u.cost)}` : ""})`,
          )
          .join(", ") || "none";
      const why = [r.invalidReason, r.error].filter((x, i, all): x is string => x !== null && all.indexOf(x) === i).join(" — ");
      return `<tr><td class=text>${runLink(outDir, r, `${esc(r.task)} / ${r.mode}${r.seed > 0 ? ` (seed ${r.seed})` : ""}`)}</td><td class=text>${r.status}</td><td class=text>${esc(r.engine ?? "—")}</td><td>${formatScore(r.validationScore)}</td>${STAGES.map((s) => `<td>${r.seconds[s].toFixed(1)}</td>`).join("")}<td>${r.seconds.total.toFixed(1)}</td><td>${r.fixAttempts}</td><td class=text>${esc(usage)}</td><td>${formatCost(usageCost(Object.values(r.usage)))}</td><td class=why>${esc(why)}</td></tr>`;
    });
  return `<table>${head}${rows.join("")}</table>`;
}
