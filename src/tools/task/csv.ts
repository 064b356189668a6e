/**
 * A small RFC-4180 CSV reader and writer: quoted fields, doubled quotes, embedded commas and
 * newlines, CRLF/LF/CR line ends, a leading BOM and a trailing newline. Blank lines are skipped,
 * as pandas does. The text is scanned once; fields are sliced, never built by repeated concat.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";

/** A parsed CSV file: the header and the data rows, every row as long as the header. */
export interface CsvTable {
  /** Column names from the first record. */
  header: string[];
  /** Data records after the header. */
  rows: string[][];
}

/** Options for reading CSV. */
export interface CsvReadOptions {
  /** Fail when the file has a header but no data rows. */
  requireRows?: boolean;
}

/** A CSV that cannot be read, naming the file and the 1-based line where the trouble starts. */
export class CsvError extends Error {
  /** File name (or label) of the CSV. */
  readonly file: string;
  /** 1-based physical line number, or null when the problem is the whole file. */
  readonly line: number | null;

  constructor(file: string, line: number | null, problem: string) {
    super(`${file}${line === null ? "" : `:${line}`}: ${problem}`);
    this.name = "CsvError";
    this.file = file;
    this.line = line;
  }
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10; // \n
const CR = 13; // \r

/** Reads and parses a CSV file; errors name the file by its base name. */
export async function readCsv(path: string, options: CsvReadOptions = {}): Promise<CsvTable> {
  const text = await readFile(path, "utf8");
  return parseCsv(text, basename(path), options);
}

/** Parses CSV text; `file` labels errors. */
export function parseCsv(text: string, file: string, options: CsvReadOptions = {}): CsvTable {
  const records = parseRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
  if (records.length === 0) throw new CsvError(file, null, "file is empty (no header row)");
  const [first, ...rest] = records;
  const header = first.fields;
  for (const record of rest) {
    if (record.fields.length !== header.length) {
      throw new CsvError(file, record.line, `row has ${record.fields.length} fields, but the header has ${header.length}`);
    }
  }
  if (options.requireRows && rest.length === 0) {
    throw new CsvError(file, null, "file has a header but no data rows");
  }
  return { header, rows: rest.map((record) => record.fields) };
}

interface CsvRecord {
  fields: string[];
  line: number;
}

/** Splits text into records, each with the physical line it starts on; blank lines are dropped. */
function parseRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const length = text.length;
  let pos = 0;
  let line = 1;
  while (pos < length) {
    const startLine = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      let value: string;
      if (text.charCodeAt(pos) === QUOTE) {
        blank = false;
        const parts: string[] = [];
        let from = pos + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) throw new CsvError(file, startLine, "quoted field is never closed");
          parts.push(text.slice(from, close));
          if (text.charCodeAt(close + 1) === QUOTE) {
            parts.push('"');
            from = close + 2;
          } else {
            line += countNewlines(text, pos, close);
            pos = close + 1;
            break;
          }
        }
        value = parts.length === 1 ? parts[0] : parts.join("");
        const next = text.charCodeAt(pos);
        if (pos < length && next !== COMMA && next !== LF && next !== CR) {
          throw new CsvError(file, line, `unexpected character ${JSON.stringify(text[pos])} after a closing quote`);
        }
      } else {
        let end = pos;
        for (;;) {
          const code = text.charCodeAt(end);
          if (end >= length || code === COMMA || code === LF || code === CR) break;
          end++;
        }
        value = text.slice(pos, end);
        if (end > pos) blank = false;
        pos = end;
      }
      fields.push(value);
      if (text.charCodeAt(pos) === COMMA) {
        blank = false;
        pos++;
        continue;
      }
      break;
    }
    const code = text.charCodeAt(pos);
    if (code === CR || code === LF) {
      pos += code === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
    }
    if (!blank) records.push({ fields, line: startLine });
  }
  return records;
}

/** Counts line breaks (CRLF as one) in text[from, to). */
function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === LF) count++;
    else if (code === CR && text.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** Renders a header and rows as CSV text with LF line ends and a trailing newline, quoting where needed. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header.map(quoteField).join(",")];
  rows.forEach((row, index) => {
    if (row.length !== header.length) {
      throw new Error(`writeCsv: row ${index + 1} has ${row.length} fields, but the header has ${header.length}`);
    }
    lines.push(row.map(quoteField).join(","));
  });
  return lines.join("\n") + "\n";
}

/** Quotes one field when it holds a quote, comma or line break. */
function quoteField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
