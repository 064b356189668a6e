import type { ExperienceExample, RecalledExperience } from "../types/experience.js";
import { escapeHtml as esc, formatScore } from "./format.js";

/** A relative score as a signed percentage, or "—". */
function formatRelative(value: number | null): string {
  return value === null ? "—" : `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}%`;
}

/** One retrieved experience as plain cells: task, kind, instruction, score, relative score, similarity. */
function cells(example: ExperienceExample): string[] {
  const { record } = example;
  const p = record.profile;
  return [
    record.task.title,
    [p.taskType, p.metric, p.dataType].filter(Boolean).join(", "),
    record.instruction?.title ?? "(plain reference)",
    record.outcome.status === "succeeded" ? formatScore(record.outcome.score) : record.outcome.status,
    formatRelative(record.outcome.relativeScore),
    example.similarity.toFixed(2),
  ];
}

const HEADINGS = ["earlier task", "kind", "instruction", "holdout score", "vs plain reference", "similarity"];

/** One line saying what recall found (or why it found nothing). */
function statusLine(recalled: RecalledExperience): string {
  if (recalled.problem) return `Experience ${recalled.mode}: nothing recalled — ${recalled.problem}.`;
  const invalid = recalled.invalid ? ` (${recalled.invalid} invalid skipped)` : "";
  return `Experience ${recalled.mode}: ${recalled.examples.length} of ${recalled.searched} stored experiences retrieved by BM25${invalid}.`;
}

/** The report.html section on the experiences the instructor was given. */
export function experienceHtml(recalled: RecalledExperience | undefined): string {
  if (!recalled) return `<h2>Experience</h2><p>No experience was recalled (experience off, or the instruction was given).</p>`;
  const rows = recalled.examples
    .map(
      (e) =>
        `<tr>${cells(e)
          .map((c) => `<td>${esc(c)}</td>`)
          .join("")}</tr>`,
    )
    .join("");
  const table = rows ? `<table><tr>${HEADINGS.map((h) => `<th>${h}</th>`).join("")}</tr>${rows}</table>` : "";
  return `<h2>Experience</h2><p>${esc(statusLine(recalled))}</p>${table}`;
}

/** The report.md lines on the experiences the instructor was given. */
export function experienceMarkdown(recalled: RecalledExperience | undefined): string[] {
  if (!recalled) return ["## Experience", "", "No experience was recalled (experience off, or the instruction was given).", ""];
  const table = recalled.examples.length
    ? [
        `| ${HEADINGS.join(" | ")} |`,
        `|${HEADINGS.map(() => "---").join("|")}|`,
        ...recalled.examples.map(
          (e) =>
            `| ${cells(e)
              .map((c) => c.replace(/\|/g, "\\|"))
              .join(" | ")} |`,
        ),
        "",
      ]
    : [];
  return ["## Experience", "", statusLine(recalled), "", ...table];
}
