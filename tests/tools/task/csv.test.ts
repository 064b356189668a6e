import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvError, parseCsv, readCsv, writeCsv } from "../../../src/tools/task/csv.js";

describe("parseCsv", () => {
  it("reads a plain file with a trailing newline", () => {
    expect(parseCsv("a,b\n1,2\n3,4\n", "t.csv")).toEqual({
      header: ["a", "b"],
      rows: [
        ["1", "2"],
        ["3", "4"],
      ],
    });
  });

  it("reads a file without a trailing newline", () => {
    expect(parseCsv("a,b\n1,2", "t.csv").rows).toEqual([["1", "2"]]);
  });

  it("handles quoted fields with commas, doubled quotes and embedded newlines", () => {
    const text = 'id,text\n1,"hello, world"\n2,"she said ""hi"""\n3,"line one\nline two"\n4,""\n';
    expect(parseCsv(text, "t.csv").rows).toEqual([
      ["1", "hello, world"],
      ["2", 'she said "hi"'],
      ["3", "line one\nline two"],
      ["4", ""],
    ]);
  });

  it("handles CRLF line ends, including CRLF inside quotes", () => {
    const text = 'a,b\r\n1,"x\r\ny"\r\n2,z\r\n';
    expect(parseCsv(text, "t.csv").rows).toEqual([
      ["1", "x\r\ny"],
      ["2", "z"],
    ]);
  });

  it("strips a leading BOM from the first column name", () => {
    expect(parseCsv("\uFEFFPassengerId,Survived\n892,0\n", "t.csv").header).toEqual(["PassengerId", "Survived"]);
  });

  it("keeps empty fields and skips blank lines", () => {
    expect(parseCsv("a,b,c\n,,\n\n1,,3\n\n", "t.csv").rows).toEqual([
      ["", "", ""],
      ["1", "", "3"],
    ]);
  });

  it("returns no rows for a header-only file unless rows are required", () => {
    expect(parseCsv("a,b\n", "t.csv")).toEqual({ header: ["a", "b"], rows: [] });
    expect(() => parseCsv("a,b\n", "t.csv", { requireRows: true })).toThrow(/t\.csv: file has a header but no data rows/);
  });

  it("rejects an empty file with a CsvError naming the file", () => {
    const error = captureError(() => parseCsv("", "empty.csv"));
    expect(error).toBeInstanceOf(CsvError);
    expect(error.message).toBe("empty.csv: file is empty (no header row)");
    expect(captureError(() => parseCsv("\n\r\n", "blank.csv")).message).toMatch(/blank\.csv: file is empty/);
  });

  it("rejects a ragged row, naming the physical line after multi-line fields", () => {
    const error = captureError(() => parseCsv('a,b\n1,"x\ny"\n2,3,4\n', "r.csv"));
    expect(error).toBeInstanceOf(CsvError);
    expect(error).toMatchObject({ file: "r.csv", line: 4 });
    expect(error.message).toBe("r.csv:4: row has 3 fields, but the header has 2");
  });

  it("rejects an unterminated quote and junk after a closing quote", () => {
    expect(captureError(() => parseCsv('a,b\n1,"open\n', "q.csv")).message).toBe("q.csv:2: quoted field is never closed");
    expect(captureError(() => parseCsv('a,b\n1,"x"y\n', "q.csv")).message).toBe('q.csv:2: unexpected character "y" after a closing quote');
  });

  it("parses a large file in a single pass quickly", () => {
    const line = '123,"some, quoted text",4.5,abc\n';
    const text = "a,b,c,d\n" + line.repeat(400_000);
    const started = performance.now();
    const table = parseCsv(text, "big.csv");
    const elapsed = performance.now() - started;
    expect(table.rows).toHaveLength(400_000);
    expect(table.rows[399_999]).toEqual(["123", "some, quoted text", "4.5", "abc"]);
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe("readCsv", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "csv-test-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a file from disk and names it by base name in errors", async () => {
    const good = join(dir, "good.csv");
    await writeFile(good, "\uFEFFid,v\r\n1,2\r\n");
    expect(await readCsv(good)).toEqual({ header: ["id", "v"], rows: [["1", "2"]] });

    const bad = join(dir, "bad.csv");
    await writeFile(bad, "id,v\n1\n");
    await expect(readCsv(bad)).rejects.toThrow("bad.csv:2: row has 1 fields, but the header has 2");
  });
});

describe("writeCsv", () => {
  it("quotes only fields that need it and round-trips through parseCsv", () => {
    const header = ["id", "text"];
    const rows = [
      ["1", "plain"],
      ["2", "a,b"],
      ["3", 'say "hi"'],
      ["4", "two\nlines"],
      ["5", ""],
    ];
    const text = writeCsv(header, rows);
    expect(text).toBe('id,text\n1,plain\n2,"a,b"\n3,"say ""hi"""\n4,"two\nlines"\n5,\n');
    expect(parseCsv(text, "rt.csv")).toEqual({ header, rows });
  });

  it("refuses ragged rows", () => {
    expect(() => writeCsv(["a", "b"], [["1"]])).toThrow("writeCsv: row 1 has 1 fields, but the header has 2");
  });
});

/** Runs fn and returns what it threw as an Error. */
function captureError(fn: () => unknown): Error & { file?: string; line?: number | null } {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error("expected a throw");
}
