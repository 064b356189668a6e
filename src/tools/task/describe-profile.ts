import type { DataProfile, FileFormat } from "../../types/profile.js";

/** The data type of a task as the instruction corpus names it: text, time_series or tabular. */
export function dataTypeOf(profile: DataProfile): "text" | "time_series" | "tabular" {
  const train = profile.files.find((f) => f.name === profile.trainFile);
  if (train?.columns.some((c) => c.kind === "text")) return "text";
  if (profile.timeColumn) return "time_series";
  return "tabular";
}

/** How to read a file that is not plain comma-separated UTF-8 CSV (empty for one that is). */
function readHint(format: FileFormat): string {
  if (format.kind === "parquet") return "; Parquet: read it with pd.read_parquet";
  const options = [
    format.delimiter !== "," ? `sep=${JSON.stringify(format.delimiter)}` : "",
    format.decimal !== "." ? `decimal=${JSON.stringify(format.decimal)}` : "",
    format.encoding !== "utf-8" ? `encoding=${JSON.stringify(format.encoding)}` : "",
  ].filter(Boolean);
  const compressed = format.compression ? `${format.compression}-compressed (pandas infers it from the extension)` : "";
  if (options.length === 0 && !compressed) return "";
  return `; ${[compressed, options.length ? `read it with pd.read_csv(..., ${options.join(", ")})` : ""].filter(Boolean).join("; ")}`;
}

/** Renders the profile as the compact plain text every prompt receives. */
export function describeProfile(profile: DataProfile): string {
  const lines = [
    `Task type: ${profile.taskType}; metric: ${profile.metric ?? "unknown"} (${profile.higherIsBetter ? "higher" : "lower"} is better); data type: ${dataTypeOf(profile)}.`,
    `Train file: ${profile.trainFile}; test file: ${profile.testFile ?? "none"}; sample submission: ${profile.sampleSubmissionFile ?? "none"}.`,
    `Target column in train: ${profile.labelColumn}; submission columns: ${[profile.idColumn, ...profile.targetColumns].filter(Boolean).join(", ")}; submission form: ${profile.submissionForm}.`,
  ];
  if (profile.classes)
    lines.push(
      `Classes: ${profile.classes.slice(0, 20).join(", ")}${profile.positiveClass ? `; positive class: ${profile.positiveClass}` : ""}.`,
    );
  if (profile.target && profile.taskType === "regression") {
    lines.push(
      `Target range ${profile.target.min}..${profile.target.max}, skew ${profile.target.skew.toFixed(2)}${profile.target.isCount ? ", a count" : ""}.`,
    );
  }
  for (const file of profile.files) {
    lines.push(`${file.name}: ${file.rows} rows, ${file.columns.length} columns${readHint(file.format)}`);
    if (file.name === profile.sampleSubmissionFile) continue;
    for (const c of file.columns) {
      const missing = c.missingFraction > 0 ? `, ${(c.missingFraction * 100).toFixed(1)}% missing` : "";
      lines.push(
        `  - ${c.name}: ${c.kind} (${c.dtype}), ${c.unique} distinct${missing}; e.g. ${c.samples
          .slice(0, 3)
          .map((s) => JSON.stringify(s))
          .join(", ")}`,
      );
    }
  }
  if (profile.notes.length) lines.push("Notes:", ...profile.notes.map((n) => `  - ${n}`));
  return lines.join("\n");
}
