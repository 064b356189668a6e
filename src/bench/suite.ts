import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { readTaskSpec, type BenchTaskSpec } from "../tools/task/task-spec.js";

/** One task of a suite in the shared format (`<suite>/<id>/{public,private,task.json}`). */
export interface SuiteTask {
  /** Task id (directory name). */
  id: string;
  /** The task's directory (grader side: task.json and private/). */
  dir: string;
  /** The solver's task directory: `<dir>/public`, the only part the solver sees. */
  publicDir: string;
  /** The parsed task.json. */
  spec: BenchTaskSpec;
}

/** A suite that cannot be run as asked (missing directory, unknown task ids, no tasks). */
export class SuiteError extends Error {
  override readonly name = "SuiteError";
}

/** Lists a suite's tasks (subdirectories with task.json and public/), sorted by id, optionally only `only`. */
export async function listSuiteTasks(suiteDir: string, only?: readonly string[]): Promise<SuiteTask[]> {
  const root = resolve(suiteDir);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => {
    throw new SuiteError(`suite directory not found: ${root}`);
  });
  const tasks: SuiteTask[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(root, entry.name);
    if (!(await isFile(join(dir, "task.json"))) || !(await isDirectory(join(dir, "public")))) continue;
    if (only && !only.includes(entry.name)) continue;
    tasks.push({ id: entry.name, dir, publicDir: join(dir, "public"), spec: await readTaskSpec(dir) });
  }
  const unknown = (only ?? []).filter((id) => !tasks.some((t) => t.id === id));
  if (unknown.length) throw new SuiteError(`no such task(s) in ${root}: ${unknown.join(", ")}`);
  if (tasks.length === 0) throw new SuiteError(`no tasks (<id>/task.json + <id>/public/) in ${root}`);
  return tasks;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}
