/**
 * Strict grading of a submission against a suite task's private answers (tasks/README.md):
 * exact columns, the answers' ids in any order, no missing values, labels in `classes`,
 * probabilities in [0, 1] with multiclass rows summing to 1 (±1e-2), non-negative predictions for
 * RMSLE and positive ones for the log transform. An invalid submission gets its reasons, never a score.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { CsvError, readCsv, type CsvTable } from "./csv.js";
import {
  accuracy,
  binaryLogLoss,
  f1,
  logLoss,
  logRmse,
  mae,
  mape,
  MetricError,
  precision,
  r2,
  recall,
  rmse,
  rmsle,
  rocAuc,
} from "../../metrics/index.js";
import { classKey, idKey, labelKey, missingKind, parseNumber } from "./cells.js";
import { readTaskSpec, type BenchTaskSpec } from "./task-spec.js";

/** Largest distance from 1 a multiclass probability row may sum to (the score divides rows by their sums). */
export const ROW_SUM_TOLERANCE = 1e-2;

/** The grade of one submission, as the reference grader's JSON line has it. */
export interface Grade {
  /** Task id. */
  task: string;
  /** The task's metric. */
  metric: string;
  /** Direction of the metric. */
  higherIsBetter: boolean;
  /** Whether the submission passed every check. */
  valid: boolean;
  /** The score; null when the submission is invalid. */
  score: number | null;
  /** Why it is invalid (every reason, "; "-joined); null when valid. */
  error: string | null;
}

/** The answers and submission lined up: each target column's submitted cells in the answers' row order. */
interface Aligned {
  /** Answers' cells per target column. */
  truth: Map<string, string[]>;
  /** Submitted cells per target column, in the answers' row order. */
  submitted: Map<string, string[]>;
}

const EXAMPLES = 3;

/** Grades `submissionPath` against `<taskDir>/private/answers.csv` and `<taskDir>/task.json`. */
export async function gradeSubmission(taskDir: string, submissionPath: string): Promise<Grade> {
  const spec = await readTaskSpec(taskDir);
  const answers = await readCsv(join(taskDir, "private", "answers.csv"));
  for (const column of [spec.id_column, ...spec.target_columns]) {
    if (!answers.header.includes(column)) throw new Error(`${taskDir}/private/answers.csv has no column "${column}"`);
  }
  const grade = (problems: string[], score: number | null = null): Grade => ({
    task: spec.id,
    metric: spec.metric,
    higherIsBetter: spec.higher_is_better,
    valid: problems.length === 0,
    score: problems.length === 0 ? score : null,
    error: problems.length === 0 ? null : problems.join("; "),
  });
  const submission = await readSubmission(submissionPath);
  if (typeof submission === "string") return grade([submission]);
  const columnProblems = checkColumns(submission.header, answers.header);
  if (columnProblems.length > 0) return grade(columnProblems);
  const aligned = align(submission, answers, spec);
  if (!("truth" in aligned)) return grade(aligned);
  const result = score(aligned, spec);
  return typeof result === "number" ? grade([], result) : grade(result);
}

/** The parsed submission, or why it cannot be read. */
async function readSubmission(path: string): Promise<CsvTable | string> {
  try {
    await access(path);
  } catch {
    return `submission not found: ${path}`;
  }
  try {
    return await readCsv(path);
  } catch (error) {
    if (error instanceof CsvError) return `submission is not valid CSV: ${error.message}`;
    throw error;
  }
}

/** Missing, extra and repeated columns (order free). */
function checkColumns(header: string[], expected: string[]): string[] {
  const problems: string[] = [];
  const missing = expected.filter((c) => !header.includes(c));
  const extra = header.filter((c) => !expected.includes(c));
  const repeated = [...new Set(header.filter((c, i) => header.indexOf(c) !== i))];
  if (missing.length) problems.push(`missing column(s) ${quote(missing)}`);
  if (extra.length) problems.push(`unexpected column(s) ${quote(extra)}`);
  if (repeated.length) problems.push(`repeated column(s) ${quote(repeated)}`);
  return problems;
}

/** Matches submission rows to the answers by normalised id; problems when ids are missing, repeated or unknown. */
function align(submission: CsvTable, answers: CsvTable, spec: BenchTaskSpec): Aligned | string[] {
  const subId = submission.header.indexOf(spec.id_column);
  const ansId = answers.header.indexOf(spec.id_column);
  const rowOf = new Map<string, number>();
  const repeated: string[] = [];
  const emptyIds: number[] = [];
  submission.rows.forEach((row, index) => {
    if (missingKind(row[subId]) === "empty") return void emptyIds.push(index + 1);
    const key = idKey(row[subId]);
    if (rowOf.has(key)) repeated.push(row[subId]);
    else rowOf.set(key, index);
  });
  const expected = new Set(answers.rows.map((row) => idKey(row[ansId])));
  const unknown = submission.rows.map((row) => row[subId]).filter((id) => id.trim() !== "" && !expected.has(idKey(id)));
  const missing = answers.rows.map((row) => row[ansId]).filter((id) => !rowOf.has(idKey(id)));
  const problems: string[] = [];
  if (emptyIds.length) problems.push(`${count(emptyIds.length, "row")} without an id (first at row ${emptyIds[0]})`);
  if (missing.length) problems.push(`${missing.length} of ${expected.size} ids missing (e.g. ${examples(missing)})`);
  if (repeated.length) problems.push(`${count(repeated.length, "repeated id")} (e.g. ${examples(repeated)})`);
  if (unknown.length) problems.push(`${count(unknown.length, "unknown id")} (e.g. ${examples(unknown)})`);
  if (problems.length) return problems;
  const truth = new Map<string, string[]>();
  const submitted = new Map<string, string[]>();
  for (const column of spec.target_columns) {
    const a = answers.header.indexOf(column);
    const s = submission.header.indexOf(column);
    truth.set(
      column,
      answers.rows.map((row) => row[a]),
    );
    submitted.set(
      column,
      answers.rows.map((row) => submission.rows[rowOf.get(idKey(row[ansId]))!][s]),
    );
  }
  return { truth, submitted };
}

/** Validates the values for the task's metric and computes the score, or gives the problems. */
function score({ truth, submitted }: Aligned, spec: BenchTaskSpec): number | string[] {
  const missing = spec.target_columns.flatMap((column) => missingProblems(column, submitted.get(column)!));
  if (missing.length) return missing;
  const first = spec.target_columns[0];
  try {
    switch (spec.metric) {
      case "accuracy":
      case "f1":
      case "macro_f1":
      case "micro_f1":
      case "weighted_f1":
      case "precision":
      case "recall":
        return scoreLabels(truth.get(first)!, submitted.get(first)!, first, spec);
      case "auc":
        return withNumbers(first, submitted.get(first)!, "probability", (p) => rocAuc(positives(truth.get(first)!, spec), p));
      case "logloss":
        return scoreLogLoss(truth, submitted, spec);
      default:
        return scoreRegression(truth.get(first)!, submitted.get(first)!, first, spec);
    }
  } catch (error) {
    if (error instanceof MetricError) return [error.message];
    throw error;
  }
}

/** Accuracy and F1 variants on labels read in the type of `classes`. */
function scoreLabels(truthCells: string[], cells: string[], column: string, spec: BenchTaskSpec): number | string[] {
  const truth = truthCells.map((cell) => labelKey(cell, spec.classes) ?? cell.trim());
  const prediction = cells.map((cell) => labelKey(cell, spec.classes));
  const allowed = spec.classes ? new Set(spec.classes.map(classKey)) : null;
  const bad = cells.filter((_cell, i) => prediction[i] === null || (allowed !== null && !allowed.has(prediction[i]!)));
  if (bad.length) {
    return [
      `column "${column}" has ${count(bad.length, "label")} outside the classes ${JSON.stringify(spec.classes)} (e.g. ${examples(bad)})`,
    ];
  }
  const labels = prediction as string[];
  if (spec.metric === "accuracy") return accuracy(truth, labels);
  const binary = { average: "binary" as const, posLabel: positiveKey(spec) };
  if (spec.metric === "f1") return f1(truth, labels, binary);
  if (spec.metric === "precision") return precision(truth, labels, binary);
  if (spec.metric === "recall") return recall(truth, labels, binary);
  return f1(truth, labels, { average: spec.metric === "macro_f1" ? "macro" : spec.metric === "weighted_f1" ? "weighted" : "micro" });
}

/** Log loss: one probability column (binary, of positive_class) or one per class with one-hot answers. */
function scoreLogLoss(truth: Map<string, string[]>, submitted: Map<string, string[]>, spec: BenchTaskSpec): number | string[] {
  const columns = spec.target_columns;
  const problems: string[] = [];
  const values = columns.map((column) => {
    const numbers = probabilities(column, submitted.get(column)!);
    if (typeof numbers === "string") problems.push(numbers);
    return typeof numbers === "string" ? [] : numbers;
  });
  if (problems.length) return problems;
  if (columns.length === 1) return binaryLogLoss(positives(truth.get(columns[0])!, spec), values[0]);
  const rows = values[0].map((_, i) => values.map((column) => column[i]));
  const off = rows
    .map((row, i) => ({ i, total: row.reduce((a, b) => a + b, 0) }))
    .filter(({ total }) => Math.abs(total - 1) > ROW_SUM_TOLERANCE);
  if (off.length) {
    return [
      `${count(off.length, "row")} of class probabilities ${off.length === 1 ? "does" : "do"} not sum to 1 (±${ROW_SUM_TOLERANCE}), e.g. row ${off[0].i + 1} sums to ${Number(off[0].total.toPrecision(6))}`,
    ];
  }
  const oneHot = columns.map((column) => truth.get(column)!.map((cell) => parseNumber(cell) ?? 0));
  const classIndex = rows.map((_, i) => oneHot.reduce((best, column, k) => (column[i] > oneHot[best][i] ? k : best), 0));
  return logLoss(classIndex, rows);
}

/** RMSE (on logs with metric_transform "log"), RMSLE and MAE on numeric predictions. */
function scoreRegression(truthCells: string[], cells: string[], column: string, spec: BenchTaskSpec): number | string[] {
  const truth = truthCells.map((cell) => parseNumber(cell) ?? Number.NaN);
  return withNumbers(column, cells, "number", (prediction) => {
    if (spec.metric === "rmsle") {
      const negative = prediction.filter((p) => p < 0);
      if (negative.length)
        return [
          `column "${column}" has ${count(negative.length, "negative prediction")} (RMSLE needs ≥ 0; e.g. ${examples(negative.map(String))})`,
        ];
      return rmsle(truth, prediction);
    }
    if (spec.metric === "rmse" && spec.metric_transform === "log") {
      const bad = prediction.filter((p) => p <= 0);
      if (bad.length)
        return [
          `column "${column}" has ${count(bad.length, "non-positive prediction")} (the metric takes log(prediction); e.g. ${examples(bad.map(String))})`,
        ];
      return logRmse(truth, prediction);
    }
    if (spec.metric === "mape") return mape(truth, prediction);
    if (spec.metric === "r2") return r2(truth, prediction);
    return spec.metric === "rmse" ? rmse(truth, prediction) : mae(truth, prediction);
  });
}

/** Parses a column as numbers (probabilities: also in [0, 1]) and scores them, or names the bad cells. */
function withNumbers(
  column: string,
  cells: string[],
  kind: "number" | "probability",
  then: (values: number[]) => number | string[],
): number | string[] {
  const numbers = kind === "probability" ? probabilities(column, cells) : numeric(column, cells);
  return typeof numbers === "string" ? [numbers] : then(numbers);
}

/** A column's numbers, or the problem. */
function numeric(column: string, cells: string[]): number[] | string {
  const numbers = cells.map(parseNumber);
  const bad = cells.filter((_, i) => numbers[i] === null);
  if (bad.length) return `column "${column}" has ${count(bad.length, "non-numeric value")} (e.g. ${examples(bad)})`;
  return numbers as number[];
}

/** A column's probabilities, or the problem (non-numeric, or outside [0, 1]). */
function probabilities(column: string, cells: string[]): number[] | string {
  const numbers = numeric(column, cells);
  if (typeof numbers === "string") return numbers;
  const outside = cells.filter((_, i) => numbers[i] < 0 || numbers[i] > 1);
  if (outside.length)
    return `column "${column}" has ${count(outside.length, "probability", "probabilities")} outside [0, 1] (e.g. ${examples(outside)})`;
  return numbers;
}

/** Empty, NaN and infinite cells of a column. */
function missingProblems(column: string, cells: string[]): string[] {
  const kinds = cells.map(missingKind);
  const bad = kinds.map((kind, i) => ({ kind, i })).filter(({ kind }) => kind !== null);
  if (!bad.length) return [];
  const tally = ["empty", "NaN", "infinite"].map((k) => [k, bad.filter((b) => b.kind === k).length] as const).filter(([, n]) => n > 0);
  return [`column "${column}" has ${tally.map(([k, n]) => count(n, `${k} value`)).join(" and ")}`];
}

/** Whether each true label is the positive class. */
function positives(cells: string[], spec: BenchTaskSpec): boolean[] {
  const positive = positiveKey(spec);
  return cells.map((cell) => labelKey(cell, spec.classes) === positive);
}

/** The positive class's canonical text; task.json must name it for auc, f1 and binary log loss. */
function positiveKey(spec: BenchTaskSpec): string {
  if (spec.positive_class === null || spec.positive_class === undefined) {
    throw new Error(`task ${spec.id}: metric ${spec.metric} needs positive_class in task.json`);
  }
  return classKey(spec.positive_class);
}

/** Up to EXAMPLES distinct values, JSON-quoted. */
function examples(values: string[]): string {
  return [...new Set(values)]
    .slice(0, EXAMPLES)
    .map((v) => JSON.stringify(v))
    .join(", ");
}

/** Quoted, comma-separated names. */
function quote(names: string[]): string {
  return names.map((n) => JSON.stringify(n)).join(", ");
}

/** "1 row", "2 rows". */
function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
