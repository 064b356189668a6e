/** The op calls of a rendered script, each on one line (`xgboost(S, name="xgb", ...)`), for assertions. */
export function opCalls(code: string): string[] {
  const flat = code
    .replace(/\(\n\s+/g, "(")
    .replace(/,\n\s+(?=\S)/g, ", ")
    .replace(/,?\s*\n\)/g, ")");
  return flat.split("\n").filter((line) => /^[a-z_]+\(S[,)]/.test(line));
}

/** The one-line call of an op in a rendered script, or undefined. */
export function opCall(code: string, op: string): string | undefined {
  return opCalls(code).find((line) => line.startsWith(`${op}(S`));
}
