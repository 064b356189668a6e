import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeCsv } from "../../../src/tools/task/csv.js";

/** Writes a gradable task (task.json + private/answers.csv) under `root/<spec.id>` and returns its directory. */
export function writeGradedTask(root: string, spec: Record<string, unknown> & { id: string }, header: string[], rows: string[][]): string {
  const dir = join(root, spec.id);
  mkdirSync(join(dir, "private"), { recursive: true });
  writeFileSync(join(dir, "task.json"), JSON.stringify(spec, null, 2));
  writeFileSync(join(dir, "private", "answers.csv"), writeCsv(header, rows));
  return dir;
}

/** Writes a submission CSV and returns its path. */
export function writeSubmission(path: string, header: string[], rows: string[][]): string {
  writeFileSync(path, writeCsv(header, rows));
  return path;
}
