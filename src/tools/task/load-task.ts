import { open, readdir, readFile, readlink, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { TaskSchema, type Task } from "../../types/task.js";
import { dataFileKind, isDataTable, unsupportedFormat } from "./data-files.js";

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
  const unsupported: string[] = [];
  let images = 0;
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === DESCRIPTION_FILE || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    const info = await stat(path).catch(() => null);
    if (!info) {
      const target = entry.isSymbolicLink() ? await readlink(path).catch(() => "?") : "?";
      throw new TaskError(`data file ${entry.name} is a symlink to ${target}, which does not exist: ${path}`);
    }
    if (info.isDirectory()) {
      if (await holdsImages(path)) images++;
      continue;
    }
    if (!info.isFile()) continue;
    const kind = dataFileKind(entry.name);
    if (kind === "table") await checkCsv(path, info.size);
    if (isDataTable(kind) && info.size === 0) throw new TaskError(`empty data file: ${path}`);
    if (kind === "unsupported") unsupported.push(`${entry.name} is ${unsupportedFormat(entry.name)}`);
    if (kind === "image") images++;
    files.push({ name: entry.name, bytes: info.size });
  }
  if (!files.some((f) => isDataTable(dataFileKind(f.name)))) {
    if (unsupported.length > 0) {
      throw new TaskError(
        `task has no readable data file: ${unsupported.join("; ")}, which is not supported; save the data as CSV: ${dir}`,
      );
    }
    if (images > 0) {
      throw new TaskError(
        `task has no data table: it holds images but no CSV listing the training rows and their labels; add train.csv (and test.csv) naming each image: ${dir}`,
      );
    }
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
    if (buffer[0] === 0xff && buffer[1] === 0xfe) return; // UTF-16 (BOM): the profiler reads it
    const head = buffer.toString("utf8");
    if (head.includes("\u0000")) throw new TaskError(`not a text CSV file (binary content): ${path}`);
    const lines = head.split(/\r?\n/).filter((l) => l.trim().length > 0);
    if (lines.length === 0) throw new TaskError(`empty CSV file: ${path}`);
    if (lines.length === 1 && size <= buffer.length) throw new TaskError(`CSV file has a header but no rows: ${path}`);
  } finally {
    await handle.close();
  }
}

/** Whether a directory holds an image file among its first entries (one level down too). */
async function holdsImages(path: string): Promise<boolean> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.slice(0, 200)) {
    if (dataFileKind(entry.name) === "image") return true;
    if (
      entry.isDirectory() &&
      (await readdir(join(path, entry.name)).catch(() => [])).slice(0, 200).some((n) => dataFileKind(n) === "image")
    ) {
      return true;
    }
  }
  return false;
}
