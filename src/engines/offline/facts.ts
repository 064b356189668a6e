import type { ColumnProfile, DataProfile } from "../../types/profile.js";

/** Facts about a task that recipes, rules and templates condition on. */
export const FACTS = [
  "binary",
  "multiclass",
  "regression",
  "numeric",
  "categorical",
  "highCardinality",
  "text",
  "datetime",
  "timeOrdered",
  "missingValues",
  "heavyMissing",
  "countTarget",
  "skewedTarget",
  "nonNegativeTarget",
  "logMetric",
  "probabilityMetric",
  "labelMetric",
  "thresholdMetric",
  "imbalanced",
  "smallData",
  "largeData",
  "textMain",
  "trainOnlyColumns",
  "blankInTest",
  "shortText",
  "form:label",
  "form:probability",
  "form:class_probabilities",
  "form:value",
] as const;
/** One fact name. */
export type Fact = (typeof FACTS)[number];

/** Categorical columns with more distinct values than this are high-cardinality. */
export const HIGH_CARDINALITY = 50;
/** A column with at least this share missing gets a missing-value indicator. */
export const SOME_MISSING = 0.05;
/** A column with at least this share missing makes the data "heavily missing". */
const HEAVY_MISSING = 0.3;
/** Rarest-to-commonest class ratio under which classes count as imbalanced. */
const IMBALANCED = 0.25;
/** A feature column at least this share blank in the test rows (and far less in train) is unusable at prediction time. */
const BLANK_IN_TEST = 0.9;
/** Free text averaging fewer characters than this per row is short text (tweets, titles, reviews). */
const SHORT_TEXT = 300;

/** Feature columns of the training file grouped by how the templates treat them. */
export interface ColumnGroups {
  /** Numeric feature columns. */
  numeric: string[];
  /** Low/medium-cardinality categorical and boolean columns. */
  categorical: string[];
  /** Categorical columns with more than HIGH_CARDINALITY distinct values. */
  highCardinality: string[];
  /** Free-text columns. */
  text: string[];
  /** Datetime columns (including a datetime id column, a source of calendar features). */
  datetime: string[];
  /** Id-like columns (the id column and other identifiers): never features. */
  idLike: string[];
  /** Constant columns: never features. */
  constant: string[];
  /** Columns in train but not in test (besides the label): leakage, never features. */
  trainOnly: string[];
  /** Feature columns blank (or nearly) in the test rows but filled in train: unusable at prediction time. */
  blankInTest: string[];
}

/** Everything the offline engine derives from a profile. */
export interface ProfileFacts {
  /** The profile itself. */
  profile: DataProfile;
  /** Columns grouped by treatment. */
  columns: ColumnGroups;
  /** Facts that hold. */
  flags: Set<Fact>;
  /** Training rows. */
  trainRows: number;
  /** Test rows. */
  testRows: number;
  /** Characters of free text over the training and test rows. */
  textChars: number;
}

const LOG_METRICS = new Set(["rmsle", "log_rmse"]);
const PROBABILITY_METRICS = new Set(["auc", "logloss"]);
const THRESHOLD_METRICS = new Set(["f1", "precision", "recall"]);

/** Derives column groups and facts from a data profile. */
export function deriveFacts(profile: DataProfile): ProfileFacts {
  const train = profile.files.find((f) => f.name === profile.trainFile);
  if (!train) throw new Error(`profile has no entry for its training file ${profile.trainFile}`);
  const test = profile.files.find((f) => f.name === profile.testFile);
  const columns = groupColumns(profile, train.columns, test?.columns ?? []);
  const testRows = test?.rows ?? 0;
  const meanLength = (name: string) => train.columns.find((c) => c.name === name)?.meanLength ?? 0;
  const textChars = columns.text.reduce((sum, name) => sum + meanLength(name) * (train.rows + testRows), 0);
  const flags = new Set<Fact>([profile.taskType]);
  const add = (fact: Fact, when: boolean) => when && flags.add(fact);
  const features = train.columns.filter((c) => c.name !== profile.labelColumn && !columns.idLike.includes(c.name));
  add("numeric", columns.numeric.length > 0);
  add("categorical", columns.categorical.length + columns.highCardinality.length > 0);
  add("highCardinality", columns.highCardinality.length > 0);
  add("text", columns.text.length > 0);
  add("datetime", columns.datetime.length > 0);
  add("timeOrdered", profile.timeColumn !== null);
  add(
    "missingValues",
    features.some((c) => c.missingFraction >= SOME_MISSING),
  );
  add(
    "heavyMissing",
    features.some((c) => c.missingFraction >= HEAVY_MISSING),
  );
  const target = profile.target;
  const regression = profile.taskType === "regression";
  add("countTarget", regression && target?.isCount === true);
  add("nonNegativeTarget", regression && target !== null && target.min >= 0);
  add("skewedTarget", regression && target !== null && target.min >= 0 && target.skew > 1);
  add("logMetric", LOG_METRICS.has(profile.metric ?? ""));
  add("probabilityMetric", PROBABILITY_METRICS.has(profile.metric ?? ""));
  add("labelMetric", !regression && !PROBABILITY_METRICS.has(profile.metric ?? ""));
  add("thresholdMetric", profile.taskType === "binary" && THRESHOLD_METRICS.has(profile.metric ?? ""));
  add("imbalanced", !regression && target?.imbalance != null && target.imbalance < IMBALANCED);
  add("smallData", train.rows < 2000);
  add("largeData", train.rows > 100_000);
  add("textMain", columns.text.length > 0 && columns.numeric.length + columns.categorical.length <= 3);
  add("trainOnlyColumns", columns.trainOnly.length > 0);
  add("blankInTest", columns.blankInTest.length > 0);
  add("shortText", columns.text.length > 0 && textChars / Math.max(1, train.rows + testRows) < SHORT_TEXT * columns.text.length);
  flags.add(`form:${profile.submissionForm}`);
  return { profile, columns, flags, trainRows: train.rows, testRows, textChars };
}

function groupColumns(profile: DataProfile, trainColumns: ColumnProfile[], testColumns: ColumnProfile[]): ColumnGroups {
  const testMissing = new Map(testColumns.map((c) => [c.name, c.missingFraction]));
  const groups: ColumnGroups = {
    numeric: [],
    categorical: [],
    highCardinality: [],
    text: [],
    datetime: [],
    idLike: [],
    constant: [],
    trainOnly: [...profile.trainOnlyColumns],
    blankInTest: [],
  };
  for (const column of trainColumns) {
    const name = column.name;
    if (name === profile.labelColumn || groups.trainOnly.includes(name)) continue;
    if ((testMissing.get(name) ?? 0) >= BLANK_IN_TEST && column.missingFraction < BLANK_IN_TEST / 2) groups.blankInTest.push(name);
    if (column.kind === "datetime") groups.datetime.push(name);
    else if (name === profile.idColumn || column.kind === "id") groups.idLike.push(name);
    else if (column.kind === "constant") groups.constant.push(name);
    else if (column.kind === "numeric") groups.numeric.push(name);
    else if (column.kind === "text") groups.text.push(name);
    else if (column.unique > HIGH_CARDINALITY) groups.highCardinality.push(name);
    else groups.categorical.push(name);
  }
  if (profile.idColumn && groups.datetime.includes(profile.idColumn)) groups.idLike.push(profile.idColumn);
  return groups;
}
