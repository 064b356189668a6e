/**
 * Pulls the Python program out of a model reply: fenced blocks first, else a reply that is
 * plainly code. Anything else is a NoCodeError the caller can show to the model.
 */

/** The reply holds no Python code; the message quotes the reply's start. */
export class NoCodeError extends Error {
  constructor(reason: string, reply: string) {
    const quoted = JSON.stringify(reply.slice(0, 200)) + (reply.length > 200 ? "…" : "");
    super(`${reason}. Reply starts: ${quoted}`);
    this.name = "NoCodeError";
  }
}

/** Fence languages taken as Python; an unlabelled fence is taken too when it looks like code. */
const PYTHON_LANGS = new Set(["python", "py", "python3", "py3", "ipython", "ipython3"]);

interface FencedBlock {
  /** Lower-cased info-string word, "" when unlabelled. */
  lang: string;
  /** Block body, without the fences. */
  body: string;
}

/** Extracts Python source from a model reply, ending in one newline; throws NoCodeError when there is none. */
export function extractCode(reply: string): string {
  if (reply.trim() === "") throw new NoCodeError("the model reply is empty", reply);
  const blocks = fencedBlocks(reply);
  if (blocks.length === 0) {
    const code = trimProse(reply);
    if (code === null) throw new NoCodeError("the model reply contains no Python code (no code fence, and it reads as prose)", reply);
    return code + "\n";
  }
  const labelled = blocks.some((block) => PYTHON_LANGS.has(block.lang));
  const chosen = blocks.filter((block) =>
    PYTHON_LANGS.has(block.lang) ? true : block.lang === "" && (!labelled || looksLikeCode(block.body)),
  );
  const bodies = chosen.map((block) => trimBlankEdges(block.body)).filter((body) => body !== "");
  if (bodies.length === 0) {
    const langs = [...new Set(blocks.map((block) => block.lang || "unlabelled"))].join(", ");
    throw new NoCodeError(`the model reply has code fences but no Python code in them (fences: ${langs})`, reply);
  }
  return bodies.join("\n\n") + "\n";
}

const OPEN_FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;

/** Finds fenced blocks in order; an unterminated last fence runs to the end of the reply. */
function fencedBlocks(reply: string): FencedBlock[] {
  const lines = reply.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = OPEN_FENCE.exec(lines[i]);
    i++;
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    while (i < lines.length && !isClosingFence(lines[i], fence)) {
      body.push(stripIndent(lines[i], indent.length));
      i++;
    }
    i++;
    blocks.push({
      lang: info
        .replace(/^\{?\.?/, "")
        .replace(/\}$/, "")
        .toLowerCase(),
      body: body.join("\n"),
    });
  }
  return blocks;
}

/** A closing fence: the same character, at least as long as the opener, nothing after it. */
function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && trimmed === fence[0].repeat(trimmed.length);
}

/** Removes up to n leading spaces (the opening fence's indent). */
function stripIndent(line: string, n: number): string {
  let cut = 0;
  while (cut < n && line[cut] === " ") cut++;
  return line.slice(cut);
}

/** Drops leading and trailing blank lines and trailing whitespace. */
function trimBlankEdges(text: string): string {
  return text.replace(/^\s*\n/, "").trimEnd();
}

const CODE_LINE = [
  /^(import|from)\s+[\w.]+/,
  /^(async\s+)?def\s+\w+\s*\(/,
  /^class\s+\w+\s*[(:]/,
  /^(if|elif|while|for|with|except|assert|del|global|nonlocal|return|raise|yield|print)\b/,
  /^(else|try|finally)\s*:/,
  /^(pass|break|continue)\s*$/,
  /^@[\w.]+/,
  /^[\w.]+(\[[^\]]*\])?(\s*,\s*[\w.]+)*\s*(\+|-|\*|\/|\/\/|%|\*\*|&|\||\^|<<|>>|@)?=(?!=)/,
  /^[\w.]+\(/,
  /^[)\]}]/,
  /^("""|'''|[rbfu]?["'])/i,
  /[,([{\\]\s*(#.*)?$/,
];

const STRONG_LINE = /^(import |from [\w.]+ import |(async\s+)?def |class |[\w.]+(\[[^\]]*\])?\s*=(?!=)|[\w.]+\()/;

/** Whether one non-empty line looks like Python (comments and indented lines count as code). */
function isCodeLine(line: string): boolean {
  if (/^\s/.test(line) || line.startsWith("#")) return true;
  return CODE_LINE.some((pattern) => pattern.test(line));
}

/** Whether text is mostly Python-looking lines with at least one definite statement. */
function looksLikeCode(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length === 0) return false;
  const code = codeMask(lines).filter(Boolean).length;
  return code / lines.length >= 0.6 && lines.some((line) => STRONG_LINE.test(line));
}

/** Per-line code flags; lines inside a triple-quoted string count as code. */
function codeMask(lines: string[]): boolean[] {
  let inString = false;
  return lines.map((line) => {
    const wasInString = inString;
    const quotes = (line.match(/"""|'''/g) ?? []).length;
    if (quotes % 2 === 1) inString = !inString;
    return wasInString || isCodeLine(line);
  });
}

/** For an unfenced reply: the code with leading/trailing prose lines removed, or null when it is not code. */
function trimProse(reply: string): string | null {
  if (!looksLikeCode(reply)) return null;
  const lines = reply.split(/\r?\n/);
  const mask = codeMask(lines);
  const isKept = (index: number): boolean => mask[index] && lines[index].trim() !== "";
  let start = 0;
  while (start < lines.length && !isKept(start)) start++;
  let end = lines.length - 1;
  while (end > start && !isKept(end)) end--;
  return lines
    .slice(start, end + 1)
    .join("\n")
    .trimEnd();
}
