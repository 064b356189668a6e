/** Helpers that write Python literals and code lines from TypeScript values. */

/** A Python value the templates write: scalars, lists and string-keyed dicts. */
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

/** Writes a Python list literal of strings, wrapped over several lines when long. */
export function pyList(items: readonly string[], indent = ""): string {
  const flat = `[${items.map(pyStr).join(", ")}]`;
  if (flat.length <= 90) return flat;
  const lines: string[] = [];
  let line = "";
  for (const item of items.map(pyStr)) {
    if (line && line.length + item.length + 2 > 92) {
      lines.push(line);
      line = "";
    }
    line += (line ? " " : "") + item + ",";
  }
  if (line) lines.push(line);
  return `[\n${lines.map((l) => `${indent}    ${l}`).join("\n")}\n${indent}]`;
}

/** Writes keyword arguments (`a=1, b="x"`) from a record, in insertion order. */
export function pyKwargs(params: Record<string, PyValue>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${py(v)}`)
    .join(", ");
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
