/**
 * Generated task folders with the awkward data careful users bring: many classes, a test file
 * without ids, other delimiters, decimal commas and encodings, compressed files, symlinked data,
 * constant, empty, infinite, multi-label and multi-target targets, images. Deterministic; nothing
 * copied from elsewhere.
 */
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { PYTHON } from "./fakes.js";

/** A table: header and rows. */
export interface Table {
  /** Column names. */
  header: string[];
  /** Data rows (cells as text or numbers). */
  rows: Array<Array<string | number>>;
}

/** How a table is written. */
export interface CsvStyle {
  /** Field delimiter (default ","). */
  sep?: string;
  /** Decimal mark of numbers (default "."). */
  decimal?: string;
}

/** The text of a table as delimited text; numbers use the decimal mark, fields with the delimiter are quoted. */
export function csvText(table: Table, style: CsvStyle = {}): string {
  const sep = style.sep ?? ",";
  const decimal = style.decimal ?? ".";
  const cell = (value: string | number) => {
    const text = typeof value === "number" ? String(value).replace(".", decimal) : value;
    return text.includes(sep) || text.includes('"') || text.includes("\n") ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [table.header, ...table.rows].map((row) => row.map(cell).join(sep)).join("\n") + "\n";
}

/** The description every generated task has (accuracy unless told). */
export function description(metric = "accuracy"): string {
  return `# Odd task\n\nPredict the label of each row.\n\n## Evaluation\n\nSubmissions are evaluated on ${metric}.\n`;
}

/** Training and test rows of a learnable task: x1 decides the label, x2 and color are noise. */
export interface Split {
  /** Training table (id, x1, x2, color, label). */
  train: Table;
  /** Test table (id, x1, x2, color). */
  test: Table;
  /** Sample submission (id, label). */
  sample: Table;
}

const COLORS = ["red", "green", "blue"];

/** A task whose label is `label(i)` of the i-th row, with `trainRows` and `testRows` rows. */
export function split(label: (i: number) => string, trainRows = 150, testRows = 40, colors = COLORS): Split {
  const row = (i: number) => [Number(((i * 37) % 100) / 10).toFixed(1), ((i * 53) % 17) + 0.5, colors[i % colors.length]];
  return {
    train: {
      header: ["id", "x1", "x2", "color", "label"],
      rows: Array.from({ length: trainRows }, (_, i) => [i, ...row(i).map(cellOf), label(i)]),
    },
    test: {
      header: ["id", "x1", "x2", "color"],
      rows: Array.from({ length: testRows }, (_, i) => [1000 + i, ...row(i + 7).map(cellOf)]),
    },
    sample: { header: ["id", "label"], rows: Array.from({ length: testRows }, (_, i) => [1000 + i, label(0)]) },
  };
}

function cellOf(value: string | number): string | number {
  return typeof value === "string" && /^\d+\.\d$/.test(value) ? Number(value) : value;
}

/** The label of a two-class task: x1 above 5. */
export const binaryLabel = (i: number) => (((i * 37) % 100) / 10 > 5 ? "yes" : "no");

/** The files of a plain task from a split. */
export function plainFiles(s: Split, metric = "accuracy"): Record<string, string | Buffer> {
  return {
    "description.md": description(metric),
    "train.csv": csvText(s.train),
    "test.csv": csvText(s.test),
    "sample_submission.csv": csvText(s.sample),
  };
}

/** 25 classes (more than the 20 most frequent a profile once kept), learnable from x1. */
export function manyClassesFiles(): Record<string, string | Buffer> {
  return plainFiles(split((i) => `k${Math.floor((((i * 37) % 100) / 100) * 25)}`, 250));
}

/** A test file without the id column; the sample submission has the ids (0..n-1), in test row order. */
export function noTestIdFiles(): Record<string, string | Buffer> {
  const s = split(binaryLabel);
  const test = { header: s.test.header.slice(1), rows: s.test.rows.map((r) => r.slice(1)) };
  const sample = { header: ["id", "label"], rows: s.test.rows.map((_, i) => [i, "no"]) };
  return { ...plainFiles(s), "test.csv": csvText(test), "sample_submission.csv": csvText(sample) };
}

/** Semicolon-separated cp1252 training data with decimal commas, a gzip'd tab-separated test file, a zipped sample. */
export function europeanFiles(): Record<string, string | Buffer> {
  const s = split(binaryLabel, 150, 40, ["café", "crème", "brûlée"]);
  return {
    "description.md": description(),
    "train.csv": Buffer.from(csvText(s.train, { sep: ";", decimal: "," }), "latin1"),
    "test.tsv.gz": gzipSync(Buffer.from(csvText(s.test, { sep: "\t" }), "utf8")),
    "sample_submission.csv.zip": zipOf("sample_submission.csv", csvText(s.sample)),
  };
}

/** A zip archive holding one file (made by the interpreter's zipfile module). */
export function zipOf(name: string, content: string): Buffer {
  const script =
    "import io, sys, zipfile\nb = io.BytesIO()\nwith zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:\n    z.writestr(sys.argv[1], sys.stdin.read())\nsys.stdout.buffer.write(b.getvalue())\n";
  return execFileSync(PYTHON, ["-c", script, name], { input: content });
}

/** Every training row has the same label. */
export function constantTargetFiles(): Record<string, string | Buffer> {
  return plainFiles(split(() => "yes"));
}

/** The label column is present but empty in every row. */
export function emptyTargetFiles(): Record<string, string | Buffer> {
  return plainFiles(split(() => ""));
}

/** x2 holds inf and -inf in some training and test rows. */
export function infiniteFeatureFiles(): Record<string, string | Buffer> {
  const s = split(binaryLabel);
  const withInf = (t: Table) => ({
    ...t,
    rows: t.rows.map((r, i) => (i % 9 === 0 ? r.map((v, j) => (j === 2 ? (i % 2 ? "-inf" : "inf") : v)) : r)),
  });
  return { ...plainFiles(s), "train.csv": csvText(withInf(s.train)), "test.csv": csvText(withInf(s.test)) };
}

/** The label lists several tags per row ("sun wind"). */
export function multiLabelFiles(): Record<string, string | Buffer> {
  const tags = ["sun", "sun wind", "rain", "rain wind", "wind", "sun rain wind", "rain sun"];
  return plainFiles(split((i) => tags[i % tags.length]));
}

/** The sample submission has two target columns, both columns of train. */
export function multiTargetFiles(): Record<string, string | Buffer> {
  const s = split(binaryLabel);
  const train = { header: [...s.train.header, "label2"], rows: s.train.rows.map((r, i) => [...r, i % 3 === 0 ? "a" : "b"]) };
  const sample = { header: ["id", "label", "label2"], rows: s.sample.rows.map((r) => [...r, "a"]) };
  return { ...plainFiles(s), "train.csv": csvText(train), "sample_submission.csv": csvText(sample) };
}

/** A minimal valid PNG (1×1 pixel). */
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

/** An image task: images/ with PNG files, named by the training table's image column. */
export function imageFiles(): Record<string, string | Buffer> {
  const s = split(binaryLabel, 12, 4);
  const files: Record<string, string | Buffer> = {
    "description.md": description(),
    "train.csv": csvText({ header: ["id", "image", "label"], rows: s.train.rows.map((r) => [r[0], `images/${r[0]}.png`, r[4]]) }),
    "test.csv": csvText({ header: ["id", "image"], rows: s.test.rows.map((r) => [r[0], `images/${r[0]}.png`]) }),
    "sample_submission.csv": csvText(s.sample),
  };
  for (const r of [...s.train.rows, ...s.test.rows]) files[`images/${r[0]}.png`] = PNG;
  return files;
}
