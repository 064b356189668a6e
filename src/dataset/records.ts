import { writeFile } from "node:fs/promises";
import { z } from "zod";
import { buildInstructorLlama2Prompt, llama2Completion } from "../models/llama2-prompt.js";
import { renderInstructionMarkdown } from "../types/instruction.js";
import { readCached, type ExtractedInstruction } from "./cache.js";
import type { CorpusTask } from "./corpus.js";
import { rankSolutions } from "./rank.js";
import { promptFields, type PromptFields } from "./task-fields.js";

/** One Llama-2-chat training record (a line of records.jsonl). */
export const TrainingRecordSchema = z.object({
  /** The instructor prompt, exactly as `rank-instructions` sends it for this task and rank. */
  prompt: z.string(),
  /** The instruction markdown after a space, ending with the end-of-sequence text "</s>". */
  completion: z.string(),
  /** The task id. */
  task_id: z.string(),
  /** The solution id. */
  solution_id: z.string(),
  /** The solution's rank within its task (1 = best score). */
  rank: z.number().int().min(1),
  /** The solution's score. */
  score: z.number(),
});
export type TrainingRecord = z.infer<typeof TrainingRecordSchema>;

/** Builds one record with the same prompt function inference uses. */
export async function buildRecord(
  task: CorpusTask,
  fields: PromptFields,
  solutionId: string,
  score: number,
  rank: number,
  instruction: ExtractedInstruction,
): Promise<TrainingRecord> {
  const prompt = await buildInstructorLlama2Prompt({
    description: task.description,
    metric: fields.metric,
    dataType: fields.dataType,
    rank,
  });
  const completion = llama2Completion(renderInstructionMarkdown({ ...instruction, rank }));
  return { prompt, completion, task_id: task.id, solution_id: solutionId, rank, score };
}

/**
 * Builds the records of every cached instruction, tasks in corpus order and solutions best first.
 * Ranks are computed over all scored solutions of a task, whether or not their instruction exists.
 */
export async function buildRecords(corpus: readonly CorpusTask[], outDir: string): Promise<TrainingRecord[]> {
  const records: TrainingRecord[] = [];
  for (const task of corpus) {
    const fields = promptFields(task);
    const ranks = rankSolutions(task.solutions, fields.higherIsBetter);
    const ordered = [...task.solutions].sort((a, b) => (ranks.get(a.id) ?? Infinity) - (ranks.get(b.id) ?? Infinity));
    for (const solution of ordered) {
      const rank = ranks.get(solution.id);
      if (rank === undefined || solution.score === null) continue;
      const cached = await readCached(outDir, task.id, solution.id);
      if (cached === null || "error" in cached) continue;
      records.push(await buildRecord(task, fields, solution.id, solution.score, rank, cached.instruction));
    }
  }
  return records;
}

/** Writes records as JSONL (one JSON object per line). */
export async function writeRecords(path: string, records: readonly TrainingRecord[]): Promise<void> {
  await writeFile(path, records.map((record) => `${JSON.stringify(record)}\n`).join(""));
}
