import type { FailedAttempt, Failure } from "../types/failure.js";

/** The exception line ending a Python traceback: "NameError: name 'x' is not defined". */
const EXCEPTION_LINE = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
/** A traceback frame in the script. */
const SCRIPT_FRAME = /^\s*File "[^"]*solution\.py", line \d+/;

/** The attempt record of one failure: its error class, decisive lines and signature (the fix's change comes later). */
export function describeFailure(failure: Failure, attempt: number, codeVersion: number): FailedAttempt {
  const { errorClass, decisive, message } = classify(failure);
  const signature = `${errorClass}: ${message}`
    .replace(/0x[0-9a-f]+/gi, "0x?")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
  return { attempt, codeVersion, summary: failure.summary, errorClass, decisive, signature, change: null, escalated: false };
}

function classify(failure: Failure): { errorClass: string; decisive: string; message: string } {
  const limit = /the (\w+) limit fired/.exec(failure.summary);
  if (limit) return { errorClass: `limit:${limit[1]}`, decisive: lastLines(failure.error, 3), message: failure.summary };
  if (/no code/.test(failure.summary)) return { errorClass: "no-code", decisive: lastLines(failure.error, 3), message: failure.summary };
  const lines = failure.error.split("\n").map((l) => l.replace(/\s+$/, ""));
  const tracebackAt = lines.findLastIndex((l) => l.startsWith("Traceback (most recent call last)"));
  if (tracebackAt >= 0) {
    const rest = lines.slice(tracebackAt + 1).filter((l) => l.trim());
    const exceptionAt = rest.findLastIndex((l) => !l.startsWith(" ") && EXCEPTION_LINE.test(l));
    if (exceptionAt >= 0) {
      const [, name, text] = EXCEPTION_LINE.exec(rest[exceptionAt])!;
      const frames: string[] = [];
      rest.slice(0, exceptionAt).forEach((l, i, all) => {
        if (SCRIPT_FRAME.test(l))
          frames.push(l.trim(), ...(all[i + 1] && !all[i + 1].trimStart().startsWith("File ") ? [all[i + 1].trim()] : []));
      });
      const decisive = [...frames.slice(-4), rest[exceptionAt]].join("\n");
      return { errorClass: name.split(".").pop() ?? name, decisive, message: text ?? "" };
    }
  }
  if (/submission/.test(failure.summary)) {
    const findings = failure.error.split("\n").filter((l) => l.trim());
    return { errorClass: "invalid-submission", decisive: findings.slice(0, 3).join("\n"), message: findings[0] ?? failure.summary };
  }
  return {
    errorClass: "error",
    decisive: lastLines(failure.error, 3) || failure.summary,
    message: lastLines(failure.error, 1) || failure.summary,
  };
}

function lastLines(text: string, n: number): string {
  return text
    .split("\n")
    .filter((l) => l.trim())
    .slice(-n)
    .join("\n");
}

/** Whether `current` repeats the latest earlier failure (the same error twice in a row). */
export function repeatsLast(history: readonly FailedAttempt[], current: FailedAttempt): boolean {
  const last = history.at(-1);
  return last !== undefined && last.signature === current.signature;
}

/** The lines of `a` left after taking out one occurrence per line of `b` (multiset difference). */
function minus(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const line of b) left.set(line, (left.get(line) ?? 0) + 1);
  const out: string[] = [];
  for (const line of a) {
    const n = left.get(line) ?? 0;
    if (n > 0) left.set(line, n - 1);
    else out.push(line);
  }
  return out;
}

/** What a fix changed, in one line: counts and the first removed and added lines. */
export function changeSummary(before: string, after: string): string {
  const a = before.split("\n").filter((l) => l.trim());
  const b = after.split("\n").filter((l) => l.trim());
  const removed = minus(a, b);
  const added = minus(b, a);
  if (removed.length === 0 && added.length === 0) return "no line changed";
  const show = (lines: string[]) =>
    lines
      .slice(0, 3)
      .map((l) => JSON.stringify(l.trim().slice(0, 100)))
      .join(", ");
  return [
    `+${added.length} −${removed.length} lines`,
    ...(removed.length ? [`removed ${show(removed)}`] : []),
    ...(added.length ? [`added ${show(added)}`] : []),
  ].join("; ");
}
