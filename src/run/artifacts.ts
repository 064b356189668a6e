import { randomBytes } from "node:crypto";
import { appendFile, link, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { diskFullError } from "./disk-errors.js";

/**
 * Writes artifacts into a run directory without ever overwriting: a path that already holds the
 * same content is left as is (a resumed step), one that holds different content gets a new
 * numbered name (name.2.ext, name.3.ext, ...). Every write is atomic: the content goes to a
 * temporary file that is then linked into place, so a kill or a full disk never leaves a
 * partial or empty artifact. A full disk is a DiskFullError. Returns the path written.
 */
export async function writeArtifact(runDir: string, relPath: string, content: string | Buffer): Promise<string> {
  const ext = extname(relPath);
  const stem = relPath.slice(0, relPath.length - ext.length);
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  try {
    for (let n = 1; ; n++) {
      const path = join(runDir, n === 1 ? relPath : `${stem}.${n}${ext}`);
      await mkdir(dirname(path), { recursive: true });
      const existing = await readFile(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return null;
        throw error;
      });
      if (existing !== null) {
        if (existing.equals(bytes)) return path;
        continue;
      }
      if (await placeAtomically(path, bytes)) return path;
    }
  } catch (error) {
    throw diskFullError(error, `${relPath} in ${runDir}`);
  }
}

/** Writes bytes to path through a temporary file; false when path appeared meanwhile (never overwritten). */
async function placeAtomically(path: string, bytes: Buffer): Promise<boolean> {
  const temporary = `${dirname(path)}/.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, bytes, { flag: "wx" });
    try {
      await link(temporary, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
      await rename(temporary, path); // a file system without hard links
    }
    return true;
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Replaces a run file atomically (temporary file, then rename): run.json-like state files that change. */
export async function replaceFile(path: string, content: string): Promise<void> {
  const temporary = `${dirname(path)}/.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, content, { flag: "wx" });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw diskFullError(error, path);
  }
}

/** Writes a JSON artifact (pretty-printed), never overwriting. */
export function writeJsonArtifact(runDir: string, relPath: string, value: unknown): Promise<string> {
  return writeArtifact(runDir, relPath, JSON.stringify(value, null, 2) + "\n");
}

/** Saves raw model replies as raw/<step>.<i>.txt so a failed parse loses nothing. */
export async function writeRawReplies(runDir: string, step: string, raw: string[]): Promise<void> {
  for (const [i, text] of raw.entries()) await writeArtifact(runDir, `raw/${step}.${i + 1}.txt`, text);
}

/** One line of events.jsonl. */
export interface RunEvent {
  /** ISO time the step ended. */
  at: string;
  /** Node id. */
  node: string;
  /** Step duration in milliseconds. */
  ms: number;
  /** "ok", "error", "interrupted", "skipped" (budget spent) or "cancelled" (the run was cancelled; the step's result is dropped). */
  status: "ok" | "error" | "interrupted" | "skipped" | "cancelled";
  /** Model calls and tokens of the step, per role. */
  usage?: Record<string, { calls: number; inputTokens: number; outputTokens: number }>;
  /** Anything else worth logging (attempt numbers, exit codes, errors). */
  [key: string]: unknown;
}

/** Appends one event to the run's events.jsonl. */
export async function appendEvent(runDir: string, event: RunEvent): Promise<void> {
  try {
    await mkdir(runDir, { recursive: true });
    await appendFile(join(runDir, "events.jsonl"), JSON.stringify(event) + "\n");
  } catch (error) {
    throw diskFullError(error, `events.jsonl in ${runDir}`);
  }
}
