/** Errors of a full disk (or quota), turned into one sentence that says what to do. */

/** The disk (or quota) of a run directory is full: a clear error, never a stack trace. */
export class DiskFullError extends Error {
  override readonly name = "DiskFullError";
}

/** Error codes of a full disk or an exhausted quota. */
const FULL_CODES = new Set(["ENOSPC", "EDQUOT"]);

/** Whether an error is a full disk: ENOSPC/EDQUOT from node:fs, or SQLite's SQLITE_FULL. */
export function isDiskFull(error: unknown): boolean {
  if (error instanceof DiskFullError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (FULL_CODES.has(code) || code === "SQLITE_FULL")) return true;
  return error instanceof Error && /database or disk is full|no space left on device/i.test(error.message);
}

/** A DiskFullError naming what was being written, or the error itself when it is something else. */
export function diskFullError(error: unknown, what: string): unknown {
  if (error instanceof DiskFullError || !isDiskFull(error)) return error;
  const code = (error as { code?: unknown }).code;
  return new DiskFullError(
    `disk full (${typeof code === "string" ? code : "no space left"}) while writing ${what}: free some space, then resume`,
  );
}
