import { z } from "zod";
import { SOME_MISSING } from "../../facts.js";
import { defineOp, rendered } from "../op-spec.js";
import { pyList } from "../python.js";
import { columnsDetail, missingColumns } from "../details.js";

/** Calendar features (optionally an elapsed-time trend) from every datetime column. */
export const datetimeFeatures = defineOp({
  op: "datetime_features",
  section: "preprocessing",
  phase: 4,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Extract calendar features (year, month, day, day of week, hour) from every datetime column, then drop the raw timestamps.",
  needs: ["datetime"],
  detail: (f) => columnsDetail(f.columns.datetime),
  params: z
    .object({
      parts: z
        .array(z.enum(["year", "month", "day", "dayofweek", "dayofyear", "hour", "minute"]))
        .default(["year", "month", "day", "dayofweek", "hour"]),
      elapsed: z.boolean().default(false),
    })
    .strict(),
  render(_ctx, params) {
    return rendered(
      [],
      [
        `for col in DATETIME:`,
        `    stamp = pd.to_datetime(full[col], errors="coerce")`,
        `    for part in ${pyList(params.parts)}:`,
        `        values = getattr(stamp.dt, part)`,
        `        if values.nunique() > 1:`,
        `            features[f"{col}_{part}"] = values.astype(float)`,
        `            NUM_COLS.append(f"{col}_{part}")`,
        ...(params.elapsed
          ? [
              `    features[f"{col}_elapsed_days"] = (stamp - stamp.min()).dt.total_seconds() / 86400.0`,
              `    NUM_COLS.append(f"{col}_elapsed_days")`,
            ]
          : []),
      ],
    );
  },
});

/** Splits structured codes ("B/12/P", "0012_01") into their parts, plus counts of frequent parts. */
export const stringParts = defineOp({
  op: "string_parts",
  section: "preprocessing",
  phase: 5,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Split structured high-cardinality strings (codes such as deck/number/side or group_member ids) on their shared separator into part columns, with group sizes of high-cardinality parts.",
  needs: ["highCardinality"],
  detail: (f) => columnsDetail(f.columns.highCardinality),
  params: z.object({ max_parts: z.number().int().min(2).default(4), include_id: z.boolean().default(true) }).strict(),
  render(ctx, params) {
    const id = ctx.facts.profile.idColumn;
    const withId = params.include_id && id !== null && !ctx.facts.columns.datetime.includes(id);
    return rendered(
      [],
      [
        `def split_parts(series):`,
        `    """Splits strings on the separator (nearly) every value has equally often; None when none fits."""`,
        `    values = series.dropna().astype(str)`,
        `    for sep in ["/", "_", "-", ":", ",", " "]:`,
        `        counts = values.str.count(re.escape(sep))`,
        `        if values.empty or counts.mode().iloc[0] == 0 or counts.mode().iloc[0] >= ${params.max_parts}:`,
        `            continue`,
        `        if (counts == counts.mode().iloc[0]).mean() > 0.9:`,
        `            return series.astype(str).str.split(sep, n=int(counts.mode().iloc[0]), expand=True, regex=False)`,
        `    return None`,
        ``,
        ``,
        `for col in HIGH_CARD_COLS${withId ? " + [ID_COL]" : ""}:`,
        `    parts = split_parts(full[col])`,
        `    if parts is None:`,
        `        continue`,
        `    for j in parts.columns:`,
        `        name = f"{col}_part{j}"`,
        `        part = parts[j].where(full[col].notna()).str.strip()`,
        `        number = pd.to_numeric(part, errors="coerce")`,
        `        if number.notna().sum() >= 0.9 * part.notna().sum():`,
        `            features[name] = number`,
        `            NUM_COLS.append(name)`,
        `        elif part.nunique() <= 50:`,
        `            features[name] = part`,
        `            CAT_COLS.append(name)`,
        `        if part.nunique() > 50:`,
        `            features[f"{name}_count"] = part.map(part.value_counts()).fillna(0).astype(float)`,
        `            NUM_COLS.append(f"{name}_count")`,
      ],
    );
  },
});

/** Binary indicators of frequent words inside high-cardinality strings (titles, prefixes). */
export const tokenIndicators = defineOp({
  op: "token_indicators",
  section: "preprocessing",
  phase: 6,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Add indicators of the words that recur in high-cardinality strings (e.g. titles or prefixes in names and codes).",
  needs: ["highCardinality"],
  detail: (f) => columnsDetail(f.columns.highCardinality),
  params: z
    .object({
      min_share: z.number().positive().default(0.03),
      max_share: z.number().max(1).default(0.9),
      max_tokens: z.number().int().positive().default(20),
    })
    .strict(),
  render(_ctx, params) {
    return rendered(
      [],
      [
        `for col in HIGH_CARD_COLS:`,
        `    words = full[col].fillna("").astype(str).str.lower().str.findall(r"[a-z]{2,}").map(set)`,
        `    share = words.explode().dropna().value_counts() / len(full)`,
        `    frequent = share[(share >= ${params.min_share}) & (share <= ${params.max_share})].index[:${params.max_tokens}]`,
        `    for word in frequent:`,
        `        features[f"{col}_has_{word}"] = words.map(lambda found, w=word: float(w in found))`,
        `        NUM_COLS.append(f"{col}_has_{word}")`,
      ],
    );
  },
});

/** Count encoding: how often each value of a high-cardinality column occurs in train and test. */
export const frequencyEncoding = defineOp({
  op: "frequency_encoding",
  section: "preprocessing",
  phase: 7,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Encode each high-cardinality categorical by the frequency of its value across train and test.",
  needs: ["highCardinality"],
  detail: (f) => columnsDetail(f.columns.highCardinality),
  params: z.object({}).strict(),
  render() {
    return rendered(
      [],
      [
        `for col in HIGH_CARD_COLS:`,
        `    features[f"{col}_count"] = full[col].map(full[col].value_counts()).fillna(0).astype(float)`,
        `    NUM_COLS.append(f"{col}_count")`,
      ],
    );
  },
});

/** Length, word, digit, capital, link, hashtag and mention counts of free-text columns. */
export const textStatistics = defineOp({
  op: "text_statistics",
  section: "preprocessing",
  phase: 8,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Add simple statistics of every free-text column: characters, words, digits, capitals, links, hashtags and mentions.",
  needs: ["text"],
  detail: (f) => columnsDetail(f.columns.text),
  params: z.object({}).strict(),
  render() {
    return rendered(
      [],
      [
        `TEXT_PATTERNS = {"chars": r".", "words": r"\\S+", "digits": r"\\d", "capitals": r"[A-Z]", "links": r"https?://", "hashtags": r"#\\w", "mentions": r"@\\w", "marks": r"[!?]"}`,
        `for col in TEXT_COLS:`,
        `    for stat, pattern in TEXT_PATTERNS.items():`,
        `        features[f"{col}_{stat}"] = features[col].str.count(pattern).astype(float)`,
        `        NUM_COLS.append(f"{col}_{stat}")`,
      ],
    );
  },
});

/** 0/1 indicators of missing values for columns with a notable share missing. */
export const missingIndicators = defineOp({
  op: "missing_indicators",
  section: "preprocessing",
  phase: 9,
  tag: "Data_Transform",
  library: "pandas",
  text: "Add a missing-value indicator for every column with a notable share of missing values, so models can use the absence itself.",
  needs: ["missingValues"],
  detail: (f) => columnsDetail(missingColumns(f, SOME_MISSING)),
  params: z.object({ min_share: z.number().min(0).max(1).default(0.05) }).strict(),
  render(_ctx, params) {
    return rendered(
      [],
      [
        `for col in [c for c in NUMERIC + CATEGORICAL + HIGH_CARDINALITY if c in NUM_COLS + CAT_COLS + HIGH_CARD_COLS]:`,
        `    missing = full[col].isna()`,
        `    if ${params.min_share} <= missing.mean() < 1:`,
        `        features[f"{col}_missing"] = missing.astype(float)`,
        `        NUM_COLS.append(f"{col}_missing")`,
      ],
    );
  },
});
