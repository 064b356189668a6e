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

/** Fence languages that are code but not Python, by the name a message uses. */
const OTHER_LANGS: Record<string, string> = {
  r: "R",
  rscript: "R",
  julia: "Julia",
  js: "JavaScript",
  javascript: "JavaScript",
  ts: "TypeScript",
  typescript: "TypeScript",
  java: "Java",
  scala: "Scala",
  kotlin: "Kotlin",
  c: "C",
  cpp: "C++",
  "c++": "C++",
  csharp: "C#",
  cs: "C#",
  go: "Go",
  rust: "Rust",
  matlab: "MATLAB",
  octave: "MATLAB",
  sas: "SAS",
  sql: "SQL",
  bash: "shell",
  sh: "shell",
  shell: "shell",
  console: "shell",
};

/** Lines that mark R: `x <- value`, `library(pkg)`, `function(x) {`. */
const R_LINE = /^\s*([\w.]+\s*<-\s*\S|library\(\w+\)|[\w.]+\s*<-\s*function\s*\()/;

/** Extracts Python source from a model reply, ending in one newline; throws NoCodeError when there is none. */
export function extractCode(reply: string): string {
  const code = extractAny(reply);
  if (!hasStatements(code)) throw new NoCodeError("the reply's code is only comments: there is nothing to run", reply);
  return code;
}

/** Whether Python source holds a statement (a line that is neither blank nor a comment). */
export function hasStatements(code: string): boolean {
  return code.split(/\r?\n/).some((line) => line.trim() !== "" && !line.trim().startsWith("#"));
}

/** Whether a reply is mostly R (assignments with <-, library calls). */
function looksLikeR(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  return lines.filter((line) => R_LINE.test(line)).length >= Math.max(1, 0.2 * lines.length);
}

function extractAny(reply: string): string {
  if (reply.trim() === "") throw new NoCodeError("the model reply is empty", reply);
  const blocks = fencedBlocks(reply);
  if (blocks.length === 0) {
    if (looksLikeR(reply)) throw new NoCodeError("the reply contained R, not Python (no code fence)", reply);
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
    const named = [...new Set(blocks.map((block) => OTHER_LANGS[block.lang] ?? (looksLikeR(block.body) ? "R" : null)))];
    if (named.length > 0 && named.every((name) => name !== null)) {
      throw new NoCodeError(`the reply contained ${named.join(" and ")}, not Python (fences: ${langs})`, reply);
    }
    throw new NoCodeError(`the model reply has code fences but no Python code in them (fences: ${langs})`, reply);
  }
  const code = bodies.join("\n\n") + "\n";
  if (looksLikeR(code)) throw new NoCodeError("the reply contained R, not Python", reply);
  return code;
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
