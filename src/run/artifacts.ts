import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, extname, join } from "node:path";

/**
 * Writes artifacts into a run directory without ever overwriting: a path that already holds the
 * same content is left as is (a resumed step), one that holds different content gets a new
 * numbered name (name.2.ext, name.3.ext, ...). Returns the path written.
 */
export async function writeArtifact(runDir: string, relPath: string, content: string | Buffer): Promise<string> {
  const ext = extname(relPath);
  const stem = relPath.slice(0, relPath.length - ext.length);
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  for (let n = 1; ; n++) {
    const path = join(runDir, n === 1 ? relPath : `${stem}.${n}${ext}`);
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, bytes, { flag: "wx" });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const existing = await readFile(path);
      if (existing.equals(bytes)) return path;
    }
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
  /** "ok", "error", "interrupted" or "skipped" (budget spent). */
  status: "ok" | "error" | "interrupted" | "skipped";
  /** Model calls and tokens of the step, per role. */
  usage?: Record<string, { calls: number; inputTokens: number; outputTokens: number }>;
  /** Anything else worth logging (attempt numbers, exit codes, errors). */
  [key: string]: unknown;
}

/** Appends one event to the run's events.jsonl. */
export async function appendEvent(runDir: string, event: RunEvent): Promise<void> {
  await mkdir(runDir, { recursive: true });
  await appendFile(join(runDir, "events.jsonl"), JSON.stringify(event) + "\n");
}
