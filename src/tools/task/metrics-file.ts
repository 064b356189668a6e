import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { ScriptMetricsSchema, type ScriptMetricsRead } from "../../types/script-metrics.js";
import { METRICS_FILE } from "./script-contract.js";

/** The most of metrics.json the host reads: a few hundred models fit in far less. */
export const METRICS_MAX_BYTES = 256 * 1024;

/**
 * Reads the metrics.json a script left in its work directory as hostile input: opened without
 * following a symlink or blocking on a FIFO, checked to be a regular file of at most
 * METRICS_MAX_BYTES on the open descriptor, parsed as JSON and validated. Never throws: a missing
 * or bad file is a note.
 */
export async function readScriptMetrics(workDir: string): Promise<ScriptMetricsRead> {
  const none = (note: string): ScriptMetricsRead => ({ metrics: null, note });
  let handle;
  try {
    handle = await open(join(workDir, METRICS_FILE), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return none(`the script wrote no ${METRICS_FILE}`);
    if (code === "ELOOP") return none(`${METRICS_FILE} is a symbolic link; not read`);
    return none(`${METRICS_FILE} cannot be opened (${code ?? (error as Error).message})`);
  }
  let text: string;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return none(`${METRICS_FILE} is not a regular file; not read`);
    if (info.size > METRICS_MAX_BYTES) return none(`${METRICS_FILE} is ${info.size} bytes, more than the ${METRICS_MAX_BYTES} read`);
    const buffer = Buffer.alloc(METRICS_MAX_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > METRICS_MAX_BYTES) return none(`${METRICS_FILE} grew past the ${METRICS_MAX_BYTES} bytes read`);
    text = buffer.subarray(0, bytesRead).toString("utf8");
  } catch (error) {
    return none(`${METRICS_FILE} cannot be read (${(error as Error).message})`);
  } finally {
    await handle.close();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return none(`${METRICS_FILE} is not JSON`);
  }
  const parsed = ScriptMetricsSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".").slice(0, 80) || "the file"}: ${i.message.slice(0, 160)}`);
    return none(`${METRICS_FILE} does not have the contract's shape (${issues.join("; ")})`);
  }
  return { metrics: parsed.data, note: null };
}
