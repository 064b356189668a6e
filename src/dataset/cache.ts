import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { InstructionSchema } from "../types/instruction.js";
import { ModelUsageSchema } from "../models/usage.js";

/** An extracted instruction without its rank (ranks are given when records are written). */
export const ExtractedInstructionSchema = InstructionSchema.omit({ rank: true });
export type ExtractedInstruction = z.infer<typeof ExtractedInstructionSchema>;

/** Where an instruction came from: the extractor model, or the solution's reference instruction. */
export const InstructionSourceKindSchema = z.enum(["model", "reference"]);
export type InstructionSourceKind = z.infer<typeof InstructionSourceKindSchema>;

/** One cached instruction: instructions/<task>/<solution>.json in the output directory. */
export const CachedInstructionSchema = z.object({
  /** The task id. */
  task_id: z.string(),
  /** The solution id. */
  solution_id: z.string(),
  /** "model" or "reference". */
  source: InstructionSourceKindSchema,
  /** The extractor model's name, or "reference". */
  model: z.string(),
  /** The instruction (without rank). */
  instruction: ExtractedInstructionSchema,
  /** The model's raw replies (empty for reference instructions). */
  raw: z.array(z.string()),
  /** Model calls made. */
  usage: z.array(ModelUsageSchema),
  /** ISO time of extraction. */
  extracted_at: z.string(),
});
export type CachedInstruction = z.infer<typeof CachedInstructionSchema>;

/** The cache file of one solution. */
export function cachePath(outDir: string, taskId: string, solutionId: string): string {
  return join(outDir, "instructions", taskId, `${solutionId}.json`);
}

/** Reads a cached instruction: the entry, null when absent, or an error message when the file is unusable. */
export async function readCached(
  outDir: string,
  taskId: string,
  solutionId: string,
): Promise<CachedInstruction | null | { error: string }> {
  const path = cachePath(outDir, taskId, solutionId);
  if (!existsSync(path)) return null;
  try {
    return CachedInstructionSchema.parse(JSON.parse(await readFile(path, "utf8")));
  } catch (error) {
    return { error: `unusable cache file ${path}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}` };
  }
}

/** Writes a cache entry atomically (temporary file, then rename), so an interrupted run leaves no half file. */
export async function writeCached(outDir: string, entry: CachedInstruction): Promise<void> {
  const path = cachePath(outDir, entry.task_id, entry.solution_id);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(entry, null, 2)}\n`);
  await rename(temporary, path);
}
