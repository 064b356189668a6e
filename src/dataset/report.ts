import { z } from "zod";
import { InstructionSourceKindSchema } from "./cache.js";

/** A solution that was skipped or failed, and why. */
export const SolutionNoteSchema = z.object({
  /** The task id. */
  task_id: z.string(),
  /** The solution id. */
  solution_id: z.string(),
  /** Why it was skipped or failed. */
  reason: z.string(),
  /** Raw model replies of a failed extraction, when the model answered. */
  raw: z.array(z.string()).optional(),
});
export type SolutionNote = z.infer<typeof SolutionNoteSchema>;

/** report.json of `dataset extract`. */
export const ExtractionReportSchema = z.object({
  /** The corpus path. */
  corpus: z.string(),
  /** The output directory. */
  out: z.string(),
  /** Where instructions came from. */
  source: InstructionSourceKindSchema,
  /** The extractor model's name, or "reference". */
  model: z.string(),
  /** ISO start time. */
  started_at: z.string(),
  /** Wall time in seconds. */
  seconds: z.number(),
  /** Requests allowed at once. */
  concurrency: z.number().int(),
  /** Solutions in the corpus, extracted, failed and skipped in this run. */
  counts: z.object({ total: z.number().int(), done: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
  /** Records written to records.jsonl (from every cached instruction, not only this run's). */
  records: z.number().int(),
  /** Solutions that failed, with reasons. */
  failed: z.array(SolutionNoteSchema),
  /** Solutions skipped, with reasons. */
  skipped: z.array(SolutionNoteSchema),
  /** Guesses and oddities found in the corpus. */
  warnings: z.array(z.string()),
  /** Model calls and tokens of this run. */
  usage: z.object({ calls: z.number().int(), input_tokens: z.number().int(), output_tokens: z.number().int() }),
});
export type ExtractionReport = z.infer<typeof ExtractionReportSchema>;

/** Most failures listed one by one in the printed report (report.json has them all). */
const MAX_PRINTED_FAILURES = 30;

/** The report as printed at the end of a run: totals, every failure (up to a limit), skips grouped by reason. */
export function formatReport(report: ExtractionReport): string {
  const { total, done, failed, skipped } = report.counts;
  const lines = [
    `dataset extract: ${done} extracted, ${failed} failed, ${skipped} skipped of ${total} solutions in ${report.seconds.toFixed(1)} s (${report.source}: ${report.model})`,
    `records: ${report.records} written to ${report.out}/records.jsonl; report: ${report.out}/report.json`,
  ];
  if (report.failed.length > 0) {
    lines.push("failed:");
    for (const note of report.failed.slice(0, MAX_PRINTED_FAILURES))
      lines.push(`  ${note.task_id}/${note.solution_id}: ${note.reason.split("\n")[0]}`);
    if (report.failed.length > MAX_PRINTED_FAILURES)
      lines.push(`  ... and ${report.failed.length - MAX_PRINTED_FAILURES} more (see report.json)`);
  }
  const byReason = new Map<string, SolutionNote[]>();
  for (const note of report.skipped) byReason.set(note.reason, [...(byReason.get(note.reason) ?? []), note]);
  if (byReason.size > 0) lines.push("skipped:");
  for (const [reason, notes] of byReason) {
    const names = notes
      .slice(0, 5)
      .map((n) => `${n.task_id}/${n.solution_id}`)
      .join(", ");
    lines.push(`  ${notes.length} × ${reason}: ${names}${notes.length > 5 ? ", ..." : ""}`);
  }
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join("\n")}\n`;
}
