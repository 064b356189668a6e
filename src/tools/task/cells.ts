/**
 * How the grader reads one CSV cell: missing values as pandas spells them, numbers, ids matched
 * as text (numbers and timestamps normalised) and labels in the type of the task's classes.
 */
import type { ClassLabel } from "./task-spec.js";

/** pandas' default NA spellings besides the empty string. */
export const NA_VALUES = new Set([
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "-NaN",
  "-nan",
  "1.#IND",
  "1.#QNAN",
  "<NA>",
  "N/A",
  "NA",
  "NULL",
  "NaN",
  "None",
  "n/a",
  "nan",
  "null",
]);
export const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
export const INTEGER = /^[-+]?\d+(\.0*)?$/;
export const INFINITE = /^[-+]?inf(inity)?$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/;

/** Why a cell holds no usable value: empty, NaN (any pandas NA spelling) or infinite; null when it holds one. */
export function missingKind(cell: string): "empty" | "NaN" | "infinite" | null {
  const text = cell.trim();
  if (text === "") return "empty";
  if (NA_VALUES.has(text)) return "NaN";
  if (INFINITE.test(text)) return "infinite";
  return null;
}

/** The finite number a cell holds, or null. */
export function parseNumber(cell: string): number | null {
  const text = cell.trim();
  return NUMBER.test(text) ? Number(text) : null;
}

/** Comparison key of an id: numbers ("892", "892.0") and timestamps ("2011-01-20 00:00", "2011-01-20T00:00:00") normalised, other text trimmed. */
export function idKey(cell: string): string {
  const text = cell.trim();
  if (INTEGER.test(text)) return BigInt(text.replace(/\..*$/, "")).toString();
  if (NUMBER.test(text)) return String(Number(text));
  const time = TIMESTAMP.exec(text);
  if (time) {
    const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = ""] = time;
    const frac = fraction.replace(/0+$/, "");
    return `${y}-${mo}-${d} ${h}:${mi}:${s}${frac ? `.${frac}` : ""}`;
  }
  return text;
}

/**
 * Reads a label in the type of the task's classes (README: `1`, `1.0` and `"1"` are the same
 * integer class; `True`, `true`, `TRUE` (and 1/0) the same boolean class; strings match exactly,
 * trimmed). Returns the label's canonical text, or null when it cannot be a label of that type.
 * Without classes, labels are trimmed text.
 */
export function labelKey(cell: string, classes: readonly ClassLabel[] | null | undefined): string | null {
  const text = cell.trim();
  const kind = classes && classes.length > 0 ? typeof classes[0] : "string";
  if (kind === "string") return text;
  if (kind === "boolean") {
    const lower = text.toLowerCase();
    const number = parseNumber(text);
    if (lower === "true" || number === 1) return "true";
    if (lower === "false" || number === 0) return "false";
    return null;
  }
  const number = parseNumber(text);
  if (number === null) return null;
  return Number.isInteger(number) ? BigInt(number).toString() : String(number);
}

/** The canonical text of a class as task.json writes it (the key labelKey gives its spellings). */
export function classKey(label: ClassLabel): string {
  if (typeof label === "boolean") return String(label);
  if (typeof label === "number") return Number.isInteger(label) ? BigInt(label).toString() : String(label);
  return label.trim();
}
