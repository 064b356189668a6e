import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { z } from "zod";
import { CorpusTaskSchema, ScoresFileSchema, TaskFileSchema, type CorpusSolution, type CorpusTask } from "./corpus.js";

/** A corpus that cannot be read: names the file (and line) and what is wrong. */
export class CorpusError extends Error {
  override readonly name = "CorpusError";
}

/** Suffix of a solution's reference instruction next to its code in a task folder. */
export const REFERENCE_SUFFIX = ".instruction.md";

/**
 * Loads a corpus: a JSONL file (one task per line) or a directory with one folder per task
 * (task.json, scores.json, solutions/<id>.py and optional solutions/<id>.instruction.md).
 */
export async function loadCorpus(path: string): Promise<CorpusTask[]> {
  if (!existsSync(path)) throw new CorpusError(`corpus not found: ${path}`);
  const tasks = (await stat(path)).isDirectory() ? await loadDirectory(path) : await loadJsonl(path);
  const seen = new Set<string>();
  for (const task of tasks) {
    if (seen.has(task.id)) throw new CorpusError(`${path}: duplicate task id "${task.id}"`);
    seen.add(task.id);
  }
  if (tasks.length === 0) throw new CorpusError(`${path}: the corpus holds no tasks`);
  return tasks;
}

/** Reads a JSONL corpus; blank lines are ignored. */
async function loadJsonl(path: string): Promise<CorpusTask[]> {
  const lines = (await readFile(path, "utf8")).split(/\r?\n/);
  const tasks: CorpusTask[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const where = `${path}:${index + 1}`;
    tasks.push(validate(CorpusTaskSchema, parseJson(line, where), where));
  }
  return tasks;
}

/** Reads a directory corpus: every sub-folder with a task.json is a task, in name order. */
async function loadDirectory(dir: string): Promise<CorpusTask[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name));
  const tasks: CorpusTask[] = [];
  for (const entry of entries) {
    const taskDir = join(dir, entry.name);
    if (existsSync(join(taskDir, "task.json"))) tasks.push(await loadTaskFolder(taskDir));
  }
  return tasks;
}

/** Reads one task folder. */
async function loadTaskFolder(taskDir: string): Promise<CorpusTask> {
  const taskFile = join(taskDir, "task.json");
  const meta = validate(TaskFileSchema, parseJson(await readFile(taskFile, "utf8"), taskFile), taskFile);
  const scoresFile = join(taskDir, "scores.json");
  if (!existsSync(scoresFile)) throw new CorpusError(`${scoresFile} is missing: it maps each solution id to its score`);
  const scores = validate(ScoresFileSchema, parseJson(await readFile(scoresFile, "utf8"), scoresFile), scoresFile);
  const solutionsDir = join(taskDir, "solutions");
  if (!existsSync(solutionsDir)) throw new CorpusError(`${solutionsDir} is missing: it holds the solutions as <id>.py`);
  const files = (await readdir(solutionsDir)).filter((f) => f.endsWith(".py")).sort((a, b) => a.localeCompare(b));
  const solutions: CorpusSolution[] = [];
  for (const file of files) {
    const id = basename(file, ".py");
    const referencePath = join(solutionsDir, `${id}${REFERENCE_SUFFIX}`);
    solutions.push({
      id,
      code: await readFile(join(solutionsDir, file), "utf8"),
      score: scores[id] ?? null,
      ...(existsSync(referencePath) ? { instruction: await readFile(referencePath, "utf8") } : {}),
    });
  }
  const unknown = Object.keys(scores).filter((id) => !files.includes(`${id}.py`));
  if (unknown.length > 0) throw new CorpusError(`${scoresFile} scores solutions that do not exist: ${unknown.join(", ")}`);
  return validate(CorpusTaskSchema, { id: basename(taskDir), ...meta, solutions }, taskDir);
}

/** Parses JSON or throws a CorpusError naming where. */
function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorpusError(`${where}: not valid JSON: ${(error as Error).message}`);
  }
}

/** Validates against a schema or throws a CorpusError listing the first issues. */
function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new CorpusError(`${where}: ${issues.join("; ")}`);
}
