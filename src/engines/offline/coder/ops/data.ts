import { z } from "zod";
import { INPUT_DIR } from "../../../../tools/task/script-contract.js";
import { type DataProfile, PLAIN_CSV } from "../../../../types/profile.js";
import type { ProfileFacts } from "../../facts.js";
import { defineOp, rendered } from "../op-spec.js";
import { py, pyList, pyStr } from "../python.js";
import { names } from "../details.js";

/** Columns of the training file by the list the load step puts them in (leaky ones included). */
function loadLists(facts: ProfileFacts): Record<"NUMERIC" | "CATEGORICAL" | "HIGH_CARDINALITY" | "TEXT" | "DATETIME", string[]> {
  const c = facts.columns;
  const train = facts.profile.files.find((f) => f.name === facts.profile.trainFile);
  const kindOf = (name: string) => train?.columns.find((col) => col.name === name)?.kind;
  const leaky = [...c.idLike, ...c.trainOnly].filter((name) => !c.datetime.includes(name));
  const numeric = [...c.numeric, ...leaky.filter((n) => kindOf(n) === "numeric")];
  const textual = leaky.filter((n) => kindOf(n) !== "numeric");
  return {
    NUMERIC: numeric,
    CATEGORICAL: c.categorical,
    HIGH_CARDINALITY: [...c.highCardinality, ...textual],
    TEXT: c.text,
    DATETIME: c.datetime,
  };
}

/** The pandas call reading a task file with its sniffed format; `extra` are read_csv keyword arguments. */
export function readCall(profile: DataProfile, name: string, extra: string[]): string {
  const format = profile.files.find((f) => f.name === name)?.format ?? PLAIN_CSV;
  const path = pyStr(`${INPUT_DIR}/${name}`);
  if (format.kind === "parquet")
    return `pd.read_parquet(${path})${extra.some((e) => e.startsWith("keep_default_na")) ? ".astype(str)" : ""}`;
  const options = [
    ...(format.delimiter !== "," ? [`sep=${pyStr(format.delimiter)}`] : []),
    ...(format.decimal !== "." ? [`decimal=${pyStr(format.decimal)}`] : []),
    ...(format.encoding !== "utf-8" ? [`encoding=${pyStr(format.encoding)}`] : []),
  ];
  return `pd.read_csv(${[path, ...options, ...extra].join(", ")})`;
}

/** Reads the task files, lists columns by kind and builds the typed feature table. */
export const loadData = defineOp({
  op: "load_data",
  section: "preprocessing",
  phase: 0,
  tag: "Data_Extraction",
  library: "pandas",
  text: "Load the training, test and sample-submission files and group the columns by kind (numeric, categorical, text, datetime).",
  needs: [],
  detail: (f) =>
    `${f.trainRows} training rows; ${f.columns.numeric.length} numeric, ${f.columns.categorical.length + f.columns.highCardinality.length} categorical, ${f.columns.text.length} text and ${f.columns.datetime.length} datetime feature columns`,
  params: z
    .object({
      quick_rows: z.number().int().positive().default(3000),
      openmp_threads: z.number().int().positive().default(1),
      max_rows: z.number().int().positive().nullable().default(null),
    })
    .strict(),
  render(ctx, params) {
    const p = ctx.facts.profile;
    if (!p.testFile) throw new Error("the offline coder needs a test file to predict on; the profile found none");
    const classification = p.taskType !== "regression";
    const trainDtypes = [classification ? `LABEL: str` : null, p.idColumn ? `ID_COL: str` : null].filter(Boolean);
    const lists = loadLists(ctx.facts);
    const sample = p.sampleSubmissionFile
      ? `sample = ${readCall(p, p.sampleSubmissionFile, ["dtype=str", "keep_default_na=False"])}`
      : `sample = None  # the task has no sample submission: rows follow the test file`;
    const trainFormat = p.files.find((f) => f.name === p.trainFile)?.format ?? PLAIN_CSV;
    const sampled = params.max_rows !== null && trainFormat.kind === "table" && params.max_rows < ctx.facts.trainRows;
    const trainRead = readCall(p, p.trainFile, [
      `dtype={${trainDtypes.join(", ")}}`,
      "low_memory=False",
      ...(sampled ? ["chunksize=100_000"] : []),
    ]);
    return rendered(
      ["import re", "import warnings", "import numpy as np", "import pandas as pd", "from threadpoolctl import threadpool_limits"],
      [
        `warnings.filterwarnings("ignore")`,
        `threadpool_limits(limits=${params.openmp_threads}, user_api="openmp")  # short OpenMP loops run faster unshared on 2 cores`,
        `SEED = 0`,
        `QUICK = ${py(ctx.quick)}  # True in a quick race run: a sample of the training rows and 3 folds`,
        `QUICK_ROWS = ${params.quick_rows}`,
        ``,
        `ID_COL = ${p.idColumn ? pyStr(p.idColumn) : "None"}`,
        `LABEL = ${pyStr(p.labelColumn)}`,
        `TARGET_COLS = ${pyList(p.targetColumns)}`,
        ...(sampled
          ? [
              `# a sample of the training rows, drawn chunk by chunk while reading: the whole file never is in memory`,
              `KEEP_FRACTION = ${params.max_rows} / ${ctx.facts.trainRows}`,
              `train = pd.concat(`,
              `    [chunk.sample(frac=KEEP_FRACTION, random_state=SEED + n) for n, chunk in enumerate(${trainRead})], ignore_index=True`,
              `)`,
            ]
          : [`train = ${trainRead}`]),
        `test = ${readCall(p, p.testFile, [...(p.idColumn && p.idInTest ? ["dtype={ID_COL: str}"] : []), "low_memory=False"])}`,
        sample,
        classification
          ? `train = train[train[LABEL].notna()].reset_index(drop=True)`
          : `train = train[np.isfinite(pd.to_numeric(train[LABEL], errors="coerce"))].reset_index(drop=True)`,
        ...(params.max_rows && !sampled
          ? [
              `train = train.sample(min(len(train), ${params.max_rows}), random_state=SEED).sort_index().reset_index(drop=True)  # fewer rows: memory/time`,
            ]
          : []),
        `if QUICK and len(train) > QUICK_ROWS:`,
        `    train = train.sample(QUICK_ROWS, random_state=SEED).sort_index().reset_index(drop=True)`,
        `full = pd.concat([train.drop(columns=[LABEL]), test], ignore_index=True, sort=False)`,
        `N_TRAIN = len(train)`,
        ``,
        `# Column kinds found by the data profile`,
        ...Object.entries(lists).map(([name, cols]) => `${name} = ${pyList(cols)}`),
        ``,
        `# The feature table (train rows first, then test rows); the *_COLS lists name what the models use`,
        `features = pd.DataFrame(index=full.index)`,
        `for col in NUMERIC:`,
        `    features[col] = pd.to_numeric(full[col], errors="coerce").replace([np.inf, -np.inf], np.nan)  # infinite: missing`,
        `for col in CATEGORICAL + HIGH_CARDINALITY:`,
        `    features[col] = full[col].astype(str).where(full[col].notna())`,
        `for col in TEXT:`,
        `    features[col] = full[col].fillna("").astype(str)`,
        `NUM_COLS, CAT_COLS, HIGH_CARD_COLS, TEXT_COLS = list(NUMERIC), list(CATEGORICAL), list(HIGH_CARDINALITY), list(TEXT)`,
        `FEATURE_PARTS = []  # functions view -> column-transformer parts, registered by the encoding steps`,
      ],
    );
  },
});

/** Encodes class labels as 0..K-1 (classification) or reads the numeric target (regression). */
export const encodeTarget = defineOp({
  op: "encode_target",
  section: "preprocessing",
  phase: 1,
  tag: "Data_Transform",
  library: "pandas",
  text: "Encode the target: class labels as integers in sorted order (kept as text for the submission), or the numeric target as floats.",
  needs: [],
  detail: (f) => (f.profile.classes ? `${f.profile.labelColumn} with classes ${names(f.profile.classes)}` : f.profile.labelColumn),
  params: z.object({}).strict(),
  render(ctx) {
    const p = ctx.facts.profile;
    if (p.taskType === "regression") {
      return rendered(
        [],
        [
          `IS_CLASSIFIER = False`,
          `y_raw = pd.to_numeric(train[LABEL], errors="coerce").to_numpy(dtype=float)`,
          `y = y_raw.copy()`,
          ``,
          ``,
          `def to_original_scale(values):`,
          `    """Maps model outputs back to the target's own scale (identity: no target transform)."""`,
          `    return np.asarray(values, dtype=float)`,
        ],
      );
    }
    return rendered(
      [],
      [
        `IS_CLASSIFIER = True`,
        ``,
        ``,
        `def canon(value):`,
        `    """A label's canonical spelling for matching: trimmed, lower case, 1.0 -> 1."""`,
        `    text = str(value).strip().lower()`,
        `    try:`,
        `        number = float(text)`,
        `    except ValueError:`,
        `        return text`,
        `    return str(int(number)) if number.is_integer() else str(number)`,
        ``,
        ``,
        `def class_key(label):`,
        `    """Sorts numeric labels by value and the others alphabetically."""`,
        `    try:`,
        `        return (0, float(label), "")`,
        `    except ValueError:`,
        `        return (1, 0.0, label)`,
        ``,
        ``,
        `y_text = train[LABEL].astype(str).str.strip()`,
        `CLASSES = sorted(y_text.unique(), key=class_key)`,
        `y = y_text.map({label: i for i, label in enumerate(CLASSES)}).to_numpy()`,
        `POSITIVE = ${p.positiveClass === null ? "None" : pyStr(p.positiveClass)}`,
        `POS_INDEX = next((i for i, c in enumerate(CLASSES) if POSITIVE is not None and canon(c) == canon(POSITIVE)), len(CLASSES) - 1)`,
        `THRESHOLD = 0.5  # probability of the positive class from which a binary prediction is positive`,
        ``,
        ``,
        `def to_labels(proba):`,
        `    """Class indices from probabilities: the threshold on the positive class (binary) or the most probable class."""`,
        `    if len(CLASSES) == 2:`,
        `        return np.where(proba[:, POS_INDEX] >= THRESHOLD, POS_INDEX, 1 - POS_INDEX)`,
        `    return proba.argmax(axis=1)`,
      ],
    );
  },
});

/** Trains on log1p of a non-negative target (log metrics, skewed or count targets). */
export const targetTransform = defineOp({
  op: "target_transform",
  section: "preprocessing",
  phase: 2,
  tag: "Data_Transform",
  library: "numpy",
  text: "Train on log1p of the target (the metric compares logarithms, or the target is skewed), and map predictions back with expm1.",
  needs: ["regression", "nonNegativeTarget"],
  detail: (f) => `${f.profile.labelColumn}, skew ${(f.profile.target?.skew ?? 0).toFixed(2)}`,
  params: z.object({ kind: z.enum(["log1p"]).default("log1p") }).strict(),
  render() {
    return rendered(
      [],
      [
        `y = np.log1p(np.clip(y_raw, 0, None))`,
        ``,
        ``,
        `def to_original_scale(values):`,
        `    """Maps model outputs (log1p scale) back to the target's own scale."""`,
        `    return np.expm1(np.asarray(values, dtype=float))`,
      ],
    );
  },
});

/** Removes id, train-only (target-derived) and constant columns from every feature list. */
export const dropLeakage = defineOp({
  op: "drop_leakage",
  section: "preprocessing",
  phase: 3,
  tag: "Data_Transform",
  library: "pandas",
  text: "Drop the id column, columns that exist only in the training file (they leak the target) and constant columns from the features.",
  needs: [],
  detail: (f) => {
    const c = f.columns;
    const parts = [
      c.idLike.length ? `id ${names(c.idLike)}` : "",
      c.trainOnly.length ? `train-only ${names(c.trainOnly)}` : "",
      c.constant.length ? `constant ${names(c.constant)}` : "",
    ].filter(Boolean);
    return parts.length ? parts.join("; ") : null;
  },
  params: z.object({}).strict(),
  render(ctx) {
    const c = ctx.facts.columns;
    const leaky = [...c.idLike, ...c.trainOnly, ...c.constant];
    return rendered(
      [],
      [
        `LEAKY = ${pyList(leaky)}  # id, train-only and constant columns`,
        `NUM_COLS = [c for c in NUM_COLS if c not in LEAKY]`,
        `CAT_COLS = [c for c in CAT_COLS if c not in LEAKY]`,
        `HIGH_CARD_COLS = [c for c in HIGH_CARD_COLS if c not in LEAKY]`,
        `TEXT_COLS = [c for c in TEXT_COLS if c not in LEAKY]`,
      ],
    );
  },
});
