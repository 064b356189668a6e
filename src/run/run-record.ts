import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { replaceFile, writeJsonArtifact } from "./artifacts.js";

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

/** run.json is missing, empty or damaged. */
export class RunRecordError extends Error {
  override readonly name = "RunRecordError";
  /** True when the file exists but is empty or does not parse (a run killed while writing it). */
  readonly damaged: boolean;

  constructor(message: string, damaged: boolean) {
    super(message);
    this.damaged = damaged;
  }
}

/** Writes run.json (never overwriting a different one). */
export async function writeRunRecord(runDir: string, record: RunRecord): Promise<void> {
  await writeJsonArtifact(runDir, RUN_RECORD, RunRecordSchema.parse(record));
}

/** Writes run.json over an empty or damaged one (atomically). */
export async function replaceRunRecord(runDir: string, record: RunRecord): Promise<void> {
  await replaceFile(join(runDir, RUN_RECORD), JSON.stringify(RunRecordSchema.parse(record), null, 2) + "\n");
}

/** Reads run.json of a run directory; a RunRecordError says whether it is missing or damaged. */
export async function readRunRecord(runDir: string): Promise<RunRecord> {
  const text = await readFile(join(runDir, RUN_RECORD), "utf8").catch(() => null);
  if (text === null) throw new RunRecordError(`not a run directory (no ${RUN_RECORD}): ${runDir}`, false);
  try {
    return RunRecordSchema.parse(JSON.parse(text));
  } catch {
    const what = text.trim() === "" ? "empty" : "damaged";
    throw new RunRecordError(`${RUN_RECORD} in ${runDir} is ${what} (the run was probably killed while writing it)`, true);
  }
}

/** What load-task wrote into task.json that a run record needs. */
const TaskRecordSchema = z.object({ dir: z.string(), context: z.record(z.string(), z.unknown()) });

/**
 * Rebuilds run.json from task.json (written when the run loaded its task), for a directory whose
 * run.json is empty or damaged; threadId is the checkpoint thread (null: none, a new id). Null
 * when task.json is absent too.
 */
export async function rebuildRunRecord(runDir: string, threadId: string | null): Promise<RunRecord | null> {
  const text = await readFile(join(runDir, "task.json"), "utf8").catch(() => null);
  if (text === null) return null;
  let task;
  try {
    task = TaskRecordSchema.parse(JSON.parse(text));
  } catch {
    return null;
  }
  return {
    runId: threadId ?? newRunId(task.dir),
    taskDir: task.dir,
    context: { ...task.context, runDir },
    createdAt: new Date().toISOString(),
  };
}
