/**
 * Models asked for one block often repeat the code written before it. Removes every earlier block
 * that the reply contains verbatim as whole lines (ignoring the block's surrounding whitespace), so
 * integrate does not run it twice. A match inside a longer line is never touched.
 */
export function stripEarlierBlocks(code: string, earlier: readonly string[]): string {
  let result = code;
  for (const block of earlier) {
    const text = block.trim();
    if (text.length === 0) continue;
    const at = wholeLinesIndex(result, text);
    if (at >= 0) result = result.slice(0, at) + result.slice(at + text.length);
  }
  return result.replace(/^\s*\n/, "").replace(/\n{3,}/g, "\n\n");
}

/** Index of the first occurrence of `text` that starts and ends on line boundaries, or -1. */
function wholeLinesIndex(haystack: string, text: string): number {
  for (let at = haystack.indexOf(text); at >= 0; at = haystack.indexOf(text, at + 1)) {
    const end = at + text.length;
    if ((at === 0 || haystack[at - 1] === "\n") && (end === haystack.length || haystack[end] === "\n" || haystack[end] === "\r")) return at;
  }
  return -1;
}
