import {
  DataProfileSchema,
  type ColumnKind,
  type DataProfile,
  type Metric,
  type SubmissionForm,
  type TaskType,
} from "../../../src/types/profile.js";

/** A column of a hand-made profile: name and kind, optionally cardinality and missing share. */
export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  unique?: number;
  missing?: number;
  /** Mean string length (text columns). */
  meanLength?: number;
}

/** What a hand-made profile varies; everything else gets a plain default. */
export interface ProfileSpec {
  taskType: TaskType;
  metric: Metric | null;
  form: SubmissionForm;
  columns: ColumnSpec[];
  label?: string;
  idColumn?: string | null;
  targetColumns?: string[];
  classes?: string[] | null;
  positiveClass?: string | null;
  timeColumn?: string | null;
  trainOnly?: string[];
  rows?: number;
  target?: Partial<NonNullable<DataProfile["target"]>>;
  higherIsBetter?: boolean;
  /** Test rows (default: half the training rows). */
  testRows?: number;
  /** Feature columns left blank in every test row. */
  blankInTest?: string[];
}

/** Builds a DataProfile by hand (the unit tests' fixtures; no Python involved). */
export function makeProfile(spec: ProfileSpec): DataProfile {
  const label = spec.label ?? "target";
  const rows = spec.rows ?? 1000;
  const id = spec.idColumn === undefined ? "id" : spec.idColumn;
  const columns = [
    ...(id ? [{ name: id, kind: "id" as const }] : []),
    ...spec.columns,
    {
      name: label,
      kind: spec.taskType === "regression" ? ("numeric" as const) : ("categorical" as const),
      unique: spec.classes?.length ?? 500,
    },
  ].map((c) => ({
    name: c.name,
    dtype: c.kind === "numeric" ? "float64" : "object",
    kind: c.kind,
    missingFraction: "missing" in c ? (c.missing ?? 0) : 0,
    unique: "unique" in c && c.unique !== undefined ? c.unique : c.kind === "id" ? rows : 10,
    samples: [],
    meanLength: "meanLength" in c ? (c.meanLength ?? null) : null,
  }));
  const testRows = spec.testRows ?? Math.round(rows / 2);
  const testColumns = columns
    .filter((c) => c.name !== label)
    .map((c) => ({ ...c, missingFraction: spec.blankInTest?.includes(c.name) ? 1 : c.missingFraction }));
  const regression = spec.taskType === "regression";
  return DataProfileSchema.parse({
    files: [
      { name: "train.csv", rows, bytes: rows * 50, columns },
      { name: "test.csv", rows: testRows, bytes: testRows * 50, columns: testColumns },
    ],
    trainFile: "train.csv",
    testFile: "test.csv",
    sampleSubmissionFile: "sample_submission.csv",
    idColumn: id,
    targetColumns: spec.targetColumns ?? [label],
    labelColumn: label,
    taskType: spec.taskType,
    classes: regression ? null : (spec.classes ?? ["0", "1"]),
    positiveClass: spec.positiveClass ?? (spec.taskType === "binary" ? "1" : null),
    metric: spec.metric,
    higherIsBetter: spec.higherIsBetter ?? !regression,
    submissionForm: spec.form,
    submissionValueStyle: [],
    target: {
      min: 0,
      max: regression ? 1000 : 1,
      skew: 0,
      isCount: false,
      imbalance: regression ? null : 0.8,
      ...spec.target,
    },
    timeColumn: spec.timeColumn ?? null,
    trainOnlyColumns: spec.trainOnly ?? [],
    notes: [],
  });
}

/** A binary tabular task (accuracy, labels) with numeric, categorical and high-cardinality columns. */
export const binaryTabular = (over: Partial<ProfileSpec> = {}): DataProfile =>
  makeProfile({
    taskType: "binary",
    metric: "accuracy",
    form: "label",
    columns: [
      { name: "age", kind: "numeric", missing: 0.2 },
      { name: "fare", kind: "numeric" },
      { name: "sex", kind: "categorical", unique: 2 },
      { name: "cabin", kind: "categorical", unique: 400, missing: 0.7 },
    ],
    ...over,
  });
