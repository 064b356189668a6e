/**
 * Reference files (the sample submission, else the test file) in another format than plain CSV
 * (another delimiter or encoding, compressed, Parquet) are copied by the profiler as plain UTF-8,
 * comma-separated CSV into the run directory, where the submission check reads them.
 */
import { join } from "node:path";
import type { DataProfile, FileFormat } from "../../types/profile.js";

/** Folder of the run directory holding the plain copies. */
export const REFERENCE_DIR = "reference";

/** Whether a file is plain UTF-8, comma-separated, uncompressed CSV. */
export function isPlainCsv(format: FileFormat): boolean {
  return format.kind === "table" && format.delimiter === "," && /^utf-8(-sig)?$/.test(format.encoding) && format.compression === null;
}

/** Where the check reads a task file: the task's own when it is plain CSV, else its copy in the run directory. */
export function referencePath(profile: DataProfile, taskDir: string, runDir: string, name: string): string {
  const file = profile.files.find((f) => f.name === name);
  return file && !isPlainCsv(file.format) ? join(runDir, REFERENCE_DIR, `${name}.csv`) : join(taskDir, name);
}
