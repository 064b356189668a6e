import { z } from "zod";
import { SOME_MISSING } from "../../facts.js";
import { columnsDetail, missingColumns } from "../details.js";
import { defineOp } from "../op-spec.js";

/** Calendar features (optionally an elapsed-time trend) from every datetime column. */
export const datetimeFeatures = defineOp({
  op: "datetime_features",
  section: "preprocessing",
  phase: 5,
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
});

/** Lags and rolling means of the training target at distances every test row can see. */
export const targetLags = defineOp({
  op: "target_lags",
  section: "preprocessing",
  phase: 6,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Add lags and rolling means of the training target, only at distances of at least the forecast horizon (so test rows get them exactly as training rows do).",
  needs: ["timeOrdered", "regression"],
  detail: (f) => (f.profile.timeColumn ? `along ${f.profile.timeColumn}` : null),
  params: z.object({ windows: z.array(z.number().int().positive()).default([1, 4]) }).strict(),
  call: (ctx, params) => ({ time_col: ctx.facts.profile.timeColumn, ...params }),
});

/** Splits structured codes ("B/12/P", "0012_01") into their parts, plus counts of frequent parts. */
export const stringParts = defineOp({
  op: "string_parts",
  section: "preprocessing",
  phase: 7,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Split structured high-cardinality strings (codes such as deck/number/side or group_member ids) on their shared separator into part columns, with group sizes of high-cardinality parts.",
  needs: ["highCardinality"],
  detail: (f) => columnsDetail(f.columns.highCardinality),
  params: z.object({ max_parts: z.number().int().min(2).default(4), include_id: z.boolean().default(true) }).strict(),
  call(ctx, params) {
    const id = ctx.facts.profile.idColumn;
    return { ...params, include_id: params.include_id && id !== null && !ctx.facts.columns.datetime.includes(id) };
  },
});

/** Binary indicators of frequent words inside high-cardinality strings (titles, prefixes). */
export const tokenIndicators = defineOp({
  op: "token_indicators",
  section: "preprocessing",
  phase: 8,
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
});

/** Count encoding: how often each value of a high-cardinality column occurs in train and test. */
export const frequencyEncoding = defineOp({
  op: "frequency_encoding",
  section: "preprocessing",
  phase: 9,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Encode each high-cardinality categorical by the frequency of its value across train and test (and its first letter as a category).",
  needs: ["highCardinality"],
  detail: (f) => columnsDetail(f.columns.highCardinality),
  params: z.object({ first_letter: z.boolean().default(true) }).strict(),
});

/** Length, word, digit, capital, link, hashtag and mention counts of free-text columns. */
export const textStatistics = defineOp({
  op: "text_statistics",
  section: "preprocessing",
  phase: 10,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Add simple statistics of every free-text column: characters, words, digits, capitals, links, hashtags and mentions.",
  needs: ["text"],
  detail: (f) => columnsDetail(f.columns.text),
  params: z.object({}).strict(),
});

/** 0/1 indicators of missing values for columns with a notable share missing. */
export const missingIndicators = defineOp({
  op: "missing_indicators",
  section: "preprocessing",
  phase: 11,
  tag: "Data_Transform",
  library: "pandas",
  text: "Add a missing-value indicator for every column with a notable share of missing values, so models can use the absence itself.",
  needs: ["missingValues"],
  detail: (f) => columnsDetail(missingColumns(f, SOME_MISSING)),
  params: z.object({ min_share: z.number().min(0).max(1).default(0.05) }).strict(),
});

/** Totals over non-negative, mostly-zero numeric columns (amounts, counts). */
export const amountTotals = defineOp({
  op: "amount_totals",
  section: "preprocessing",
  phase: 12,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Add the row total, log total and count of non-zero values over the non-negative numeric columns that are mostly zero (amounts and counts that add up).",
  needs: ["numeric"],
  params: z.object({ min_zero_share: z.number().min(0).max(1).default(0.3), min_columns: z.number().int().min(2).default(2) }).strict(),
});
