import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { writeJsonArtifact } from "./artifacts.js";

/** run.json: what `resume` needs to continue a run. */
export const RunRecordSchema = z.object({
  /** Run id, also the checkpoint thread id. */
  runId: z.string(),
  /** The task directory the run solves. */
  taskDir: z.string(),
  /** The run context as given (defaults filled). */
  context: z.record(z.string(), z.unknown()),
  /** ISO time the run was created. */
  createdAt: z.string(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** The file name of the run record. */
export const RUN_RECORD = "run.json";

/** The checkpoint database inside a run directory. */
export const CHECKPOINT_DB = "checkpoints.sqlite";

/** A sortable, unique run id: 20261126-021503-penguins-3fa2. */
export function newRunId(taskDir: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const name = basename(taskDir) === "public" ? basename(dirname(taskDir)) : basename(taskDir);
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "task";
  return `${stamp}-${slug}-${randomBytes(2).toString("hex")}`;
}

/** Writes run.json (never overwriting a different one). */
export async function writeRunRecord(runDir: string, record: RunRecord): Promise<void> {
  await writeJsonArtifact(runDir, RUN_RECORD, RunRecordSchema.parse(record));
}

/** Reads run.json of a run directory, with a clear error when it is not a run directory. */
export async function readRunRecord(runDir: string): Promise<RunRecord> {
  const text = await readFile(join(runDir, RUN_RECORD), "utf8").catch(() => null);
  if (text === null) throw new Error(`not a run directory (no ${RUN_RECORD}): ${runDir}`);
  return RunRecordSchema.parse(JSON.parse(text));
}
