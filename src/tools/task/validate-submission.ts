/**
 * Checks a written submission.csv against the sample submission (or, without one, the test
 * file): columns, row count, ids, missing values, numeric types, probability ranges and classes.
 * Every problem is one short sentence the fixing model can act on.
 */
import { access } from "node:fs/promises";
import { basename } from "node:path";
import type { SubmissionForm } from "../../types/profile.js";
import { CsvError, readCsv, type CsvTable } from "./csv.js";
import type { SubmissionValidation } from "./validate-submission.schema.js";
import { INFINITE, INTEGER, NA_VALUES, NUMBER } from "./cells.js";

/** What to check a submission against. */
export interface ValidateSubmissionInput {
  /** The submission file the script wrote. */
  submissionPath: string;
  /** The task's sample submission; null when the task has none (then testPath is the reference). */
  sampleSubmissionPath: string | null;
  /** The task's test file; gives the expected ids and row count when there is no sample submission. */
  testPath?: string | null;
  /** The id column shared by test and submission, or null when there is none. */
  idColumn: string | null;
  /** The submission's non-id columns (empty: every sample column but the id). */
  targetColumns: string[];
  /** Shape of the target values. */
  submissionForm: SubmissionForm;
  /** Allowed labels for submissionForm "label", as text. */
  classes?: string[] | null;
}

/** The columns, ids and numeric columns a submission must match. */
interface Reference {
  /** File name used in messages. */
  name: string;
  /** Expected column names. */
  columns: string[];
  /** Expected number of data rows. */
  rows: number;
  /** Expected ids (raw text), or null when ids are not checked. */
  ids: string[] | null;
  /** Columns holding numbers in the reference. */
  numeric: Set<string>;
}

const EXAMPLES = 3;
const SUM_TOLERANCE = 1e-3;

/** Validates a submission file; never throws for a bad submission, only for an unreadable reference. */
export async function validateSubmission(input: ValidateSubmissionInput): Promise<SubmissionValidation> {
  const reference = await loadReference(input);
  const result = (problems: string[], rows: number): SubmissionValidation => ({
    ok: problems.length === 0,
    problems,
    rows,
    expectedRows: reference.rows,
  });
  const name = basename(input.submissionPath);
  if (!(await exists(input.submissionPath))) return result([`${name} was not written (file not found)`], 0);
  let table: CsvTable;
  try {
    table = await readCsv(input.submissionPath);
  } catch (error) {
    if (error instanceof CsvError) return result([`submission is not valid CSV: ${error.message}`], 0);
    throw error;
  }
  const problems = [
    ...checkColumns(table.header, reference),
    ...checkRowCount(table.rows.length, reference),
    ...checkIds(table, reference, input.idColumn),
    ...checkValues(table, reference, input),
  ];
  return result(problems, table.rows.length);
}

/** Reads the sample submission, or builds the reference from the test file when there is none. */
async function loadReference(input: ValidateSubmissionInput): Promise<Reference> {
  if (input.sampleSubmissionPath) {
    const sample = await readCsv(input.sampleSubmissionPath);
    const idIndex = input.idColumn === null ? -1 : sample.header.indexOf(input.idColumn);
    return {
      name: basename(input.sampleSubmissionPath),
      columns: sample.header,
      rows: sample.rows.length,
      ids: idIndex === -1 ? null : sample.rows.map((row) => row[idIndex]),
      numeric: new Set(sample.header.filter((_, index) => isNumericColumn(sample.rows.map((row) => row[index])))),
    };
  }
  if (!input.testPath) throw new Error("validateSubmission needs a sample submission or a test file as reference");
  const test = await readCsv(input.testPath);
  const idIndex = input.idColumn === null ? -1 : test.header.indexOf(input.idColumn);
  if (input.idColumn !== null && idIndex === -1) {
    throw new Error(`validateSubmission: id column "${input.idColumn}" is not in ${basename(input.testPath)}`);
  }
  return {
    name: basename(input.testPath),
    columns: input.idColumn === null ? input.targetColumns : [input.idColumn, ...input.targetColumns],
    rows: test.rows.length,
    ids: idIndex === -1 ? null : test.rows.map((row) => row[idIndex]),
    numeric: new Set(),
  };
}

/** Names missing, unexpected and duplicated columns. */
function checkColumns(header: string[], reference: Reference): string[] {
  const problems: string[] = [];
  const expected = new Set(reference.columns);
  const missing = reference.columns.filter((column) => !header.includes(column));
  const extra = header.filter((column) => !expected.has(column));
  const duplicated = header.filter((column, index) => expected.has(column) && header.indexOf(column) !== index);
  if (missing.length > 0) {
    problems.push(`submission is missing column(s) ${quoteList(missing)}; expected exactly ${quoteList(reference.columns)}`);
  }
  if (extra.length > 0) {
    const index = extra.some((column) => column === "" || column.startsWith("Unnamed")) ? " (an index was written: use index=False)" : "";
    problems.push(`submission has unexpected column(s) ${quoteList(extra)}${index}; expected exactly ${quoteList(reference.columns)}`);
  }
  if (duplicated.length > 0) problems.push(`submission repeats column(s) ${quoteList([...new Set(duplicated)])}`);
  return problems;
}

/** Compares the row count with the reference's. */
function checkRowCount(rows: number, reference: Reference): string[] {
  if (rows === reference.rows) return [];
  return [`submission has ${rows} rows, expected ${reference.rows} (one per row of ${reference.name})`];
}

/** Names ids missing from, unknown to, or repeated in the submission (ids compared as normalised text). */
function checkIds(table: CsvTable, reference: Reference, idColumn: string | null): string[] {
  const index = idColumn === null ? -1 : table.header.indexOf(idColumn);
  if (reference.ids === null || idColumn === null || index === -1) return [];
  const expected = new Set(reference.ids.map(idKey));
  const seen = new Set<string>();
  const unknown: string[] = [];
  const duplicated: string[] = [];
  for (const row of table.rows) {
    const raw = row[index];
    if (missingKind(raw, null) !== null) continue;
    const key = idKey(raw);
    if (seen.has(key)) duplicated.push(raw);
    else if (!expected.has(key)) unknown.push(raw);
    seen.add(key);
  }
  const missing = reference.ids.filter((id) => !seen.has(idKey(id)));
  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(
      `${missing.length} of the ${expected.size} expected ids are missing from column "${idColumn}" (e.g. ${examples(missing)})`,
    );
  }
  if (unknown.length > 0) {
    problems.push(
      `${count(unknown.length, "id")} in column "${idColumn}" ${unknown.length === 1 ? "is" : "are"} not in ${reference.name} (e.g. ${examples(unknown)})`,
    );
  }
  if (duplicated.length > 0) {
    problems.push(`column "${idColumn}" has ${count(duplicated.length, "duplicated id")} (e.g. ${examples(duplicated)})`);
  }
  return problems;
}

/** Checks every expected column's values: missing values, numbers, probability ranges and classes. */
function checkValues(table: CsvTable, reference: Reference, input: ValidateSubmissionInput): string[] {
  const classes = input.classes && input.classes.length > 0 ? input.classes : null;
  const declared = input.targetColumns.filter((column) => reference.columns.includes(column));
  const targets = new Set(declared.length > 0 ? declared : reference.columns.filter((column) => column !== input.idColumn));
  const form = input.submissionForm;
  const problems: string[] = [];
  const columns = reference.columns.filter((column) => table.header.includes(column));
  for (const column of columns) {
    const index = table.header.indexOf(column);
    const values = table.rows.map((row) => row[index]);
    const isTarget = targets.has(column);
    problems.push(...checkMissing(column, values, isTarget ? classes : null));
    if (column === input.idColumn) continue;
    const mustBeNumeric = isTarget
      ? form !== "label" || (classes === null && reference.numeric.has(column))
      : reference.numeric.has(column);
    if (mustBeNumeric) problems.push(...checkNumeric(column, values));
    if (isTarget && (form === "probability" || form === "class_probabilities")) problems.push(...checkUnitRange(column, values));
    if (isTarget && form === "label" && classes !== null) problems.push(...checkClasses(column, values, classes));
  }
  if (form === "class_probabilities") {
    problems.push(
      ...checkRowSums(
        table,
        [...targets].filter((column) => table.header.includes(column)),
      ),
    );
  }
  return problems;
}

/** Counts empty, NaN and infinite values in one column. */
function checkMissing(column: string, values: string[], classes: string[] | null): string[] {
  const counts = { empty: 0, NaN: 0, infinite: 0 };
  let first = -1;
  values.forEach((value, index) => {
    const kind = missingKind(value, classes);
    if (kind === null) return;
    counts[kind]++;
    if (first === -1) first = index;
  });
  const parts = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([kind, n]) => count(n, `${kind} value`));
  if (parts.length === 0) return [];
  return [`column "${column}" has ${parts.join(" and ")} (first at row ${first + 1})`];
}

/** Names values that are not numbers in a column that must hold numbers. */
function checkNumeric(column: string, values: string[]): string[] {
  const bad = values.filter((value) => missingKind(value, null) === null && !NUMBER.test(value.trim()));
  if (bad.length === 0) return [];
  return [`column "${column}" must be numeric but has ${count(bad.length, "non-numeric value")} (e.g. ${examples(bad)})`];
}

/** Names numbers outside [0, 1] in a probability column. */
function checkUnitRange(column: string, values: string[]): string[] {
  const bad = values.filter((value) => {
    const number = toNumber(value);
    return number !== null && (number < 0 || number > 1);
  });
  if (bad.length === 0) return [];
  return [`column "${column}" has ${count(bad.length, "value")} outside [0, 1] (e.g. ${examples(bad)}); it must hold probabilities`];
}

/** Counts rows whose class probabilities do not sum to 1. */
function checkRowSums(table: CsvTable, columns: string[]): string[] {
  const indexes = columns.map((column) => table.header.indexOf(column));
  if (indexes.length < 2) return [];
  let failing = 0;
  let example = "";
  table.rows.forEach((row, rowIndex) => {
    const numbers = indexes.map((index) => toNumber(row[index]));
    if (numbers.some((number) => number === null)) return;
    const sum = numbers.reduce<number>((total, number) => total + (number ?? 0), 0);
    if (Math.abs(sum - 1) <= SUM_TOLERANCE) return;
    failing++;
    if (example === "") example = `row ${rowIndex + 1} sums to ${Number(sum.toPrecision(6))}`;
  });
  if (failing === 0) return [];
  return [
    `${count(failing, "row")} ${failing === 1 ? "has" : "have"} class probabilities that do not sum to 1 (±${SUM_TOLERANCE}), e.g. ${example}`,
  ];
}

/** Names labels that are not among the classes (booleans and integers compared by value). */
function checkClasses(column: string, values: string[], classes: string[]): string[] {
  const booleans = classes.every((label) => /^(true|false)$/i.test(label.trim()));
  const allowed = new Set(classes.map((label) => classKey(label, booleans)));
  const bad = values.filter((value) => missingKind(value, classes) === null && !allowed.has(classKey(value, booleans)));
  if (bad.length === 0) return [];
  const shown = classes.length > 20 ? `${quoteList(classes.slice(0, 20))}, …` : quoteList(classes);
  return [
    `column "${column}" has ${count(bad.length, "value")} that ${bad.length === 1 ? "is" : "are"} not valid classes (e.g. ${examples(bad)}); allowed: ${shown}`,
  ];
}

/** The missing-value kind of a cell, or null when it holds a value; labels in `classes` are values. */
function missingKind(value: string, classes: string[] | null): "empty" | "NaN" | "infinite" | null {
  const text = value.trim();
  if (text === "") return "empty";
  if (classes?.includes(text)) return null;
  if (NA_VALUES.has(text)) return "NaN";
  if (INFINITE.test(text)) return "infinite";
  return null;
}

/** Whether a reference column holds numbers (every non-missing value numeric, at least one). */
function isNumericColumn(values: string[]): boolean {
  const present = values.filter((value) => missingKind(value, null) === null);
  return present.length > 0 && present.every((value) => NUMBER.test(value.trim()));
}

/** The finite number a cell holds, or null. */
function toNumber(value: string): number | null {
  const text = value.trim();
  return NUMBER.test(text) ? Number(text) : null;
}

/** Canonical text of a number ("892.0" → "892", "1.50" → "1.5"), or null when it is not one. */
function canonicalNumber(text: string): string | null {
  if (INTEGER.test(text)) return BigInt(text.replace(/\..*$/, "")).toString();
  return NUMBER.test(text) ? String(Number(text)) : null;
}

/** Comparison key of an id: numbers normalised, other text as is (trimmed). */
function idKey(value: string): string {
  const text = value.trim();
  return canonicalNumber(text) ?? text;
}

/** Comparison key of a label; with boolean classes, true/false spellings and 1/0 map to "true"/"false". */
function classKey(value: string, booleans: boolean): string {
  const key = idKey(value);
  if (!booleans) return key;
  const lower = key.toLowerCase();
  if (lower === "true" || key === "1") return "true";
  if (lower === "false" || key === "0") return "false";
  return key;
}

/** Up to EXAMPLES distinct values, numbers bare and text quoted. */
function examples(values: string[]): string {
  return [...new Set(values)]
    .slice(0, EXAMPLES)
    .map((value) => (NUMBER.test(value.trim()) ? value.trim() : JSON.stringify(value)))
    .join(", ");
}

/** "1 row", "2 rows". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Quoted, comma-separated names. */
function quoteList(names: string[]): string {
  return names.map((name) => JSON.stringify(name)).join(", ");
}

/** Whether a path exists. */
async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
