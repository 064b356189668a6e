import { z } from "zod";
import { columnsDetail } from "../details.js";
import { defineOp } from "../op-spec.js";

/** Out-of-fold smoothed target means of high-cardinality categoricals. */
export const targetEncoding = defineOp({
  op: "target_encoding",
  section: "preprocessing",
  phase: 15,
  tag: "Feature_Engineering",
  library: "pandas",
  text: "Encode high-cardinality categoricals by their smoothed mean target, out of fold on the training rows (a row never sees its own label).",
  needs: ["highCardinality"],
  detail: (f) => columnsDetail(f.columns.highCardinality),
  params: z
    .object({
      smoothing: z.number().positive().default(20),
      folds: z.number().int().min(2).default(5),
      columns: z.enum(["high", "all"]).default("high"),
    })
    .strict(),
});

/** Numeric columns: missing values kept for boosting, median-imputed for forests, log-compressed and scaled for linear models. */
export const numericFeatures = defineOp({
  op: "numeric_features",
  section: "preprocessing",
  phase: 20,
  tag: "Data_Transform",
  library: "scikit-learn",
  text: "Keep numeric columns as they are for boosted trees (median-imputed for forests); for linear models impute the median, log-compress skewed columns and standardise.",
  needs: [],
  params: z.object({ log_skewed: z.boolean().default(true), skew_threshold: z.number().default(1.0) }).strict(),
});

/** Categorical columns: ordinal codes for trees, one-hot (rare values grouped) for linear models. */
export const categoricalEncoding = defineOp({
  op: "categorical_encoding",
  section: "preprocessing",
  phase: 21,
  tag: "Data_Transform",
  library: "scikit-learn",
  text: "Encode categoricals: ordinal codes for tree models and one-hot vectors with rare values grouped for linear models; unseen values are tolerated.",
  needs: ["categorical"],
  detail: (f) => columnsDetail([...f.columns.categorical, ...f.columns.highCardinality]),
  params: z
    .object({
      min_frequency: z.number().int().positive().default(3),
      high_cardinality_tree: z.enum(["drop", "ordinal"]).default("drop"),
    })
    .strict(),
});

/** Free text: TF-IDF of words (and optionally characters), vocabularies capped; an SVD summary for trees. */
export const textTfidf = defineOp({
  op: "text_tfidf",
  section: "preprocessing",
  phase: 22,
  tag: "Feature_Engineering",
  library: "scikit-learn",
  text: "Vectorise every free-text column with TF-IDF (word 1-2 grams, sublinear term frequency, capped vocabulary) for linear models, and a truncated SVD of it for tree models.",
  needs: ["text"],
  detail: (f) => columnsDetail(f.columns.text),
  params: z
    .object({
      word_ngrams: z.number().int().min(1).max(3).default(2),
      char_ngrams: z.number().int().min(0).max(6).default(0),
      max_features: z.number().int().positive().default(50000),
      char_max_features: z.number().int().positive().default(50000),
      min_df: z.number().int().positive().default(2),
      tree_svd: z.number().int().min(0).default(0),
    })
    .strict(),
});

/** A linear text model's out-of-fold score as a feature, so the trees blend the text with the side columns. */
export const textModelFeature = defineOp({
  op: "text_model_feature",
  section: "preprocessing",
  phase: 23,
  tag: "Feature_Engineering",
  library: "scikit-learn",
  text: "Stack a linear model of the TF-IDF text: its out-of-fold score becomes a feature the tree models combine with the other columns.",
  needs: ["text"],
  detail: (f) => columnsDetail(f.columns.text),
  params: z.object({ C: z.number().positive().default(1), folds: z.number().int().min(2).default(5) }).strict(),
});

/** Builds each view's matrix once from the registered encodings. */
export const assembleFeatures = defineOp({
  op: "assemble_features",
  section: "preprocessing",
  phase: 30,
  tag: "Data_Transform",
  library: "scikit-learn",
  text: "Assemble the feature matrices of the training and test rows from the registered encodings, once per model family.",
  needs: [],
  params: z.object({}).strict(),
});
