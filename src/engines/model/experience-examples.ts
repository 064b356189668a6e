import type { ExperienceExample } from "../../types/experience.js";

/** Longest text of one example's model steps. */
const MODEL_CHARS = 240;
/** What the instructor reads when nothing was recalled. */
const NONE = "(none: no earlier experience of a similar task)";

/** How an example scored, in words: well, badly, failed, or its score alone. */
function verdict(example: ExperienceExample): string {
  const { outcome } = example.record;
  const score = outcome.score !== null ? `holdout ${Number(outcome.score.toPrecision(4))}` : "no score";
  if (outcome.relativeScore !== null) {
    const percent = `${outcome.relativeScore >= 0 ? "+" : ""}${(outcome.relativeScore * 100).toFixed(1)}% against the plain reference`;
    const word =
      outcome.relativeScore > 0.005 ? "scored well" : outcome.relativeScore < -0.005 ? "scored badly" : "scored like the plain reference";
    return `${word} (${score}, ${percent})`;
  }
  if (outcome.rank) {
    const { place, of } = outcome.rank;
    const word = place <= Math.ceil(of / 2) ? "scored well" : "scored badly";
    return `${word} (ranked ${place} of ${of} solutions of its task, score ${outcome.score})`;
  }
  if (outcome.status !== "succeeded") return "failed (no valid submission)";
  return `succeeded (${score}; no plain reference to compare with)`;
}

/** The retrieved experiences as short numbered examples for the instructor prompt (closest first). */
export function renderExperienceExamples(examples: readonly ExperienceExample[]): string {
  if (examples.length === 0) return NONE;
  return examples
    .filter((e) => e.record.instruction)
    .map((e, i) => {
      const { record } = e;
      const p = record.profile;
      const kind = [p.taskType, p.metric, p.dataType, p.rows !== null ? `${p.rows} rows` : null].filter(Boolean).join(", ");
      const model = record.instruction!.model.map((s) => s.text).join(" ");
      const steps = model.length > MODEL_CHARS ? `${model.slice(0, MODEL_CHARS)}…` : model;
      return `${i + 1}. Task "${record.task.title}" (${kind}; similarity ${e.similarity.toFixed(2)}): "${record.instruction!.title}" ${verdict(e)}. Model: ${steps}`;
    })
    .join("\n");
}
