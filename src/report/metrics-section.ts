/** The report.html section on what the script measured: every model's validation score and the blend weights (metrics.json). */
import type { ScriptMetricsRead } from "../types/script-metrics.js";
import { escapeHtml as esc, formatScore } from "./format.js";

/** The metrics section: a table of the models with their scores and weights, or the note why there is none. */
export function metricsHtml(read: ScriptMetricsRead, reportedScore: number | null, metric: string | null): string {
  const title = `<h2>Models and blend</h2>`;
  if (!read.metrics)
    return `<section id="script-metrics">${title}<p class="note">No per-model scores: ${esc(read.note ?? "none")}.</p></section>`;
  const { models, blend } = read.metrics;
  const names = [...new Set([...models.map((m) => m.name), ...Object.keys(blend ?? {})])];
  const rows = names
    .map((name) => {
      const score = models.find((m) => m.name === name)?.validationScore ?? null;
      const weight = blend?.[name];
      return `<tr><td>${esc(name)}</td><td class="num">${formatScore(score)}</td><td class="num">${weight !== undefined ? weight.toFixed(3) : blend ? "0 (left out)" : "—"}</td></tr>`;
    })
    .join("");
  const blended = `<tr class="blend"><td>blend (VALIDATION_SCORE)</td><td class="num">${formatScore(reportedScore)}</td><td class="num">${
    blend
      ? Object.values(blend)
          .reduce((sum, w) => sum + w, 0)
          .toFixed(3)
      : "—"
  }</td></tr>`;
  return `<section id="script-metrics">${title}<p class="caption">From the metrics.json the final script wrote: the script's own validation of each model (${esc(metric ?? "its metric")}), not the harness's.</p><table id="model-scores"><tr><th>model</th><th>validation score</th><th>blend weight</th></tr>${rows}${blended}</table></section>`;
}
