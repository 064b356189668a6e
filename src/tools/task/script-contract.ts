/**
 * The contract between generated solution scripts and the executor: where data are read,
 * where the submission is written, and how the validation score is reported.
 */

/** Directory, relative to the script's cwd, that holds the task's files read-only. */
export const INPUT_DIR = "input";

/** File, relative to the script's cwd, the script must write. */
export const SUBMISSION_FILE = "submission.csv";

/**
 * File, relative to the script's cwd, the script may write with what it measured:
 * `{"models": [{"name": "gbm", "validationScore": 0.81}], "blend": {"gbm": 0.7, "linear": 0.3}}` —
 * every model's validation score and the blend weights. The report reads it as untrusted input.
 */
export const METRICS_FILE = "metrics.json";

/** Prefix of the one stdout line that reports the validation score: `VALIDATION_SCORE: 0.8123`. */
export const SCORE_PREFIX = "VALIDATION_SCORE:";

/** A score line: the prefix, then a number (nan and inf are read and skipped). */
const SCORE_LINE = new RegExp(`^${SCORE_PREFIX}\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|nan|inf|-inf)\\s*$`, "gim");

/** Reads the last reported validation score from a script's stdout, or null when none. */
export function parseValidationScore(stdout: string): number | null {
  let last: number | null = null;
  for (const match of stdout.matchAll(SCORE_LINE)) {
    const value = Number(match[1]);
    if (Number.isFinite(value)) last = value;
  }
  return last;
}

/** The code as a file's text: exactly one trailing newline. */
export function asScriptText(code: string): string {
  return code.replace(/\s+$/, "") + "\n";
}
