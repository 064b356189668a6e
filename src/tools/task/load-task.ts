import { readdir, readFile, stat, open } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { TaskSchema, type Task } from "../../types/task.js";

/** A task directory that cannot be used, with the offending path in the message. */
export class TaskError extends Error {
  override readonly name = "TaskError";
}

/** The file every task directory must have. */
export const DESCRIPTION_FILE = "description.md";

/**
 * Loads a task directory (description.md plus data files, MLE-bench layout). Throws TaskError
 * naming the file for a missing directory, a missing or empty description, no data files,
 * or an empty or unreadable CSV.
 */
export async function loadTask(taskDir: string): Promise<Task> {
  const dir = resolve(taskDir);
  const info = await stat(dir).catch(() => null);
  if (!info) throw new TaskError(`task directory not found: ${dir}`);
  if (!info.isDirectory()) throw new TaskError(`not a directory: ${dir}`);

  const descriptionPath = join(dir, DESCRIPTION_FILE);
  const description = await readFile(descriptionPath, "utf8").catch(() => null);
  if (description === null) throw new TaskError(`task has no ${DESCRIPTION_FILE}: ${descriptionPath}`);
  if (!description.trim()) throw new TaskError(`${DESCRIPTION_FILE} is empty: ${descriptionPath}`);

  const entries = await readdir(dir, { withFileTypes: true });
  const files = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isFile() || entry.name === DESCRIPTION_FILE || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    const { size } = await stat(path);
    if (entry.name.toLowerCase().endsWith(".csv")) await checkCsv(path, size);
    files.push({ name: entry.name, bytes: size });
  }
  if (!files.some((f) => f.name.toLowerCase().endsWith(".csv"))) {
    throw new TaskError(`task has no data files (no .csv next to ${DESCRIPTION_FILE}): ${dir}`);
  }
  const heading = /^#\s+(.+)$/m.exec(description);
  return TaskSchema.parse({ dir, title: heading ? heading[1].trim() : basename(dir), description, files });
}

/** Rejects a CSV that is empty, unreadable, or has a header but no rows. */
async function checkCsv(path: string, size: number): Promise<void> {
  if (size === 0) throw new TaskError(`empty CSV file: ${path}`);
  const handle = await open(path, "r").catch((e: Error) => {
    throw new TaskError(`unreadable CSV file: ${path} (${e.message})`);
  });
  try {
    const buffer = Buffer.alloc(Math.min(size, 1 << 16));
    await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.toString("utf8");
    if (head.includes("\u0000")) throw new TaskError(`not a text CSV file (binary content): ${path}`);
    const lines = head.split(/\r?\n/).filter((l) => l.trim().length > 0);
    if (lines.length === 0) throw new TaskError(`empty CSV file: ${path}`);
    if (lines.length === 1 && size <= buffer.length) throw new TaskError(`CSV file has a header but no rows: ${path}`);
  } finally {
    await handle.close();
  }
}
