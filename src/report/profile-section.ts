/** The report.html section on the data: rows and columns per file, the target's balance, missing values. */
import type { DataProfile } from "../types/profile.js";
import { escapeHtml as esc, formatPercent } from "./format.js";

/** Columns of the missing-values table at most (the most missing first). */
const MAX_MISSING_ROWS = 25;

/** Share of missing cells of one file, from its column profiles. */
function missingShare(file: DataProfile["files"][number]): number | null {
  if (file.columns.length === 0) return null;
  return file.columns.reduce((sum, c) => sum + c.missingFraction, 0) / file.columns.length;
}

/** A share as a percentage with one decimal below 10% (a few missing values must not read as 0%). */
function share(value: number): string {
  return value > 0 && value < 0.1 ? `${(value * 100).toFixed(1)}%` : formatPercent(value);
}

/** The target's balance: rows per class with their shares, or the numeric range of a regression target. */
function targetHtml(profile: DataProfile): string {
  const target = profile.target;
  const head = `<p>Target <code>${esc(profile.labelColumn)}</code>: ${profile.taskType}${profile.classes ? `, ${profile.classes.length} classes` : ""}; metric ${esc(profile.metric ?? "unknown")} (${profile.higherIsBetter ? "higher" : "lower"} is better); submission form ${profile.submissionForm}.</p>`;
  if (!target) return head;
  if (profile.taskType === "regression") {
    return `${head}<table id="target-balance"><tr><th>min</th><th>max</th><th>skew</th><th>count target</th></tr><tr><td>${target.min}</td><td>${target.max}</td><td>${target.skew.toFixed(2)}</td><td>${target.isCount ? "yes" : "no"}</td></tr></table>`;
  }
  const counts = Object.entries(target.classCounts ?? {});
  if (counts.length === 0) return head;
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const widest = Math.max(...counts.map(([, n]) => n));
  const rows = counts
    .map(
      ([label, n]) =>
        `<tr><td>${esc(label)}</td><td class="num">${n}</td><td class="num">${share(n / total)}</td><td><span class="bar" style="width:${Math.round((160 * n) / widest)}px"></span></td></tr>`,
    )
    .join("");
  const ratio = target.imbalance === null ? "" : ` Rarest / most common class: ${target.imbalance.toFixed(2)}.`;
  const more =
    profile.classes && profile.classes.length > counts.length
      ? ` The ${counts.length} most common of ${profile.classes.length} classes.`
      : "";
  return `${head}<table id="target-balance"><tr><th>class</th><th>training rows</th><th>share</th><th></th></tr>${rows}</table><p class="caption">${esc(`${ratio}${more}`.trim())}</p>`;
}

/** Missing values per column of the training and test files, the most missing first. */
function missingHtml(profile: DataProfile): string {
  const train = profile.files.find((f) => f.name === profile.trainFile);
  const test = profile.files.find((f) => f.name === profile.testFile);
  const names = [...new Set([...(train?.columns ?? []), ...(test?.columns ?? [])].map((c) => c.name))];
  const of = (file: typeof train, name: string) => file?.columns.find((c) => c.name === name)?.missingFraction ?? null;
  const missing = names
    .map((name) => ({ name, train: of(train, name), test: of(test, name) }))
    .filter((c) => (c.train ?? 0) > 0 || (c.test ?? 0) > 0)
    .sort((a, b) => Math.max(b.train ?? 0, b.test ?? 0) - Math.max(a.train ?? 0, a.test ?? 0));
  if (missing.length === 0) return `<p id="missing-values">No missing values in the training or test file.</p>`;
  const cell = (v: number | null) => `<td class="num">${v === null ? "—" : share(v)}</td>`;
  const rows = missing
    .slice(0, MAX_MISSING_ROWS)
    .map((c) => `<tr><td>${esc(c.name)}</td>${cell(c.train)}${cell(c.test)}</tr>`)
    .join("");
  const more =
    missing.length > MAX_MISSING_ROWS
      ? `<p class="caption">${missing.length - MAX_MISSING_ROWS} more columns with missing values.</p>`
      : "";
  return `<table id="missing-values"><tr><th>column</th><th>missing in ${esc(profile.trainFile)}</th><th>missing in ${esc(profile.testFile ?? "test")}</th></tr>${rows}</table>${more}`;
}

/** The data profile section. */
export function profileHtml(profile: DataProfile | undefined): string {
  if (!profile) return `<section id="profile"><h2>Data profile</h2><p>The data were not profiled.</p></section>`;
  const files = profile.files
    .map((f) => {
      const missing = missingShare(f);
      const sampled = f.sampledRows !== null ? ` (columns profiled on ${f.sampledRows} rows)` : "";
      return `<tr><td>${esc(f.name)}</td><td class="num" data-rows="${f.rows}">${f.rows}${sampled}</td><td class="num">${f.columns.length}</td><td class="num">${missing === null ? "—" : share(missing)}</td></tr>`;
    })
    .join("");
  const notes = profile.notes.length ? `<ul>${profile.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
  return `<section id="profile"><h2>Data profile</h2>
<table id="profile-files"><tr><th>file</th><th>rows</th><th>columns</th><th>missing cells</th></tr>${files}</table>
<h3>Target balance</h3>${targetHtml(profile)}
<h3>Missing values</h3>${missingHtml(profile)}${notes}</section>`;
}
