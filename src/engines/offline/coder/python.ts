/** Helpers that write Python literals, calls and comments from TypeScript values. */

/** A Python value the coder writes: scalars, lists and string-keyed dicts. */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/** Writes a Python string literal (JSON string escapes are valid Python escapes). */
export function pyStr(text: string): string {
  return JSON.stringify(text);
}

/** Writes a Python literal for a JSON-like value. */
export function py(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "None";
  if (typeof value === "string") return pyStr(value);
  if (Array.isArray(value)) return `[${value.map(py).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pyStr(k)}: ${py(v)}`)
    .join(", ")}}`;
}

/** Writes `fn(S, a=1, b="x")`, one argument per line when long. */
export function pyCall(fn: string, kwargs: Record<string, PyValue>): string {
  const args = ["S", ...Object.entries(kwargs).map(([k, v]) => `${k}=${py(v)}`)];
  const flat = `${fn}(${args.join(", ")})`;
  if (flat.length <= 110) return flat;
  return `${fn}(\n${args.map((a) => `    ${a},`).join("\n")}\n)`;
}

/** Turns a sentence into Python comment lines of at most ~96 characters. */
export function comment(text: string, indent = ""): string[] {
  const words = text.trim().split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + word.length + 1 > 94) {
      lines.push(`${indent}# ${line}`);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(`${indent}# ${line}`);
  return lines;
}
