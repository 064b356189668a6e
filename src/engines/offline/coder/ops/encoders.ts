import { z } from "zod";
import { defineOp, rendered } from "../op-spec.js";
import { columnsDetail } from "../details.js";

/** Numeric columns: median imputation (trees); plus log of skewed columns and scaling (linear models). */
export const numericFeatures = defineOp({
  op: "numeric_features",
  section: "preprocessing",
  phase: 20,
  tag: "Data_Transform",
  library: "scikit-learn",
  text: "Impute numeric columns with the median; for linear models also take log1p of skewed non-negative columns and standardise.",
  needs: [],
  params: z.object({ log_skewed: z.boolean().default(true), skew_threshold: z.number().default(1.0) }).strict(),
  render(_ctx, params) {
    return rendered(
      [
        "from sklearn.impute import SimpleImputer",
        "from sklearn.pipeline import make_pipeline",
        "from sklearn.preprocessing import FunctionTransformer, StandardScaler",
      ],
      [
        `def log1p_clipped(values):`,
        `    """log1p of values clipped at zero (test values below the training range stay finite)."""`,
        `    return np.log1p(np.clip(values, 0, None))`,
        ``,
        ``,
        `def numeric_part(view):`,
        `    """Median-imputed numbers for trees; imputed, log-compressed (skewed ones) and scaled numbers for linear models."""`,
        `    if view == "tree":`,
        `        return [("num", SimpleImputer(strategy="median"), list(NUM_COLS))]`,
        `    train_part = features.iloc[:N_TRAIN]`,
        ...(params.log_skewed
          ? [`    skewed = [c for c in NUM_COLS if train_part[c].min() >= 0 and train_part[c].skew() > ${params.skew_threshold}]`]
          : [`    skewed = []`]),
        `    plain = [c for c in NUM_COLS if c not in skewed]`,
        `    return [`,
        `        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), plain),`,
        `        ("num_log", make_pipeline(SimpleImputer(strategy="median"), FunctionTransformer(log1p_clipped), StandardScaler()), skewed),`,
        `    ]`,
        ``,
        ``,
        `FEATURE_PARTS.append(numeric_part)`,
      ],
    );
  },
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
  render(_ctx, params) {
    const treeColumns = params.high_cardinality_tree === "ordinal" ? "CAT_COLS + HIGH_CARD_COLS" : "CAT_COLS";
    return rendered(
      [
        "from sklearn.impute import SimpleImputer",
        "from sklearn.pipeline import make_pipeline",
        "from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder",
      ],
      [
        `def categorical_part(view):`,
        `    """Ordinal codes (unseen -> -1) for trees; one-hot with values rarer than ${params.min_frequency} grouped for linear models."""`,
        `    missing = SimpleImputer(strategy="constant", fill_value="(missing)")`,
        `    if view == "tree":`,
        `        codes = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)`,
        `        return [("cat", make_pipeline(missing, codes), ${treeColumns})]`,
        `    onehot = OneHotEncoder(handle_unknown="ignore", min_frequency=${params.min_frequency})`,
        `    return [("cat", make_pipeline(missing, onehot), CAT_COLS + HIGH_CARD_COLS)]`,
        ``,
        ``,
        `FEATURE_PARTS.append(categorical_part)`,
      ],
    );
  },
});

/** Free text: TF-IDF of words (and optionally characters) for linear models; an SVD summary for trees. */
export const textTfidf = defineOp({
  op: "text_tfidf",
  section: "preprocessing",
  phase: 22,
  tag: "Feature_Engineering",
  library: "scikit-learn",
  text: "Vectorise every free-text column with TF-IDF (word 1-2 grams, sublinear term frequency) for linear models, and a truncated SVD of it for tree models.",
  needs: ["text"],
  detail: (f) => columnsDetail(f.columns.text),
  params: z
    .object({
      word_ngrams: z.number().int().min(1).max(3).default(2),
      char_ngrams: z.number().int().min(0).max(6).default(0),
      max_features: z.number().int().positive().default(50000),
      min_df: z.number().int().positive().default(2),
      tree_svd: z.number().int().min(0).default(0),
    })
    .strict(),
  render(_ctx, params) {
    const word = `TfidfVectorizer(ngram_range=(1, ${params.word_ngrams}), min_df=${params.min_df}, max_features=${params.max_features}, sublinear_tf=True, strip_accents="unicode")`;
    const chars = `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, ${params.char_ngrams}), min_df=${params.min_df}, max_features=${params.max_features}, sublinear_tf=True)`;
    return rendered(
      [
        "from sklearn.decomposition import TruncatedSVD",
        "from sklearn.feature_extraction.text import TfidfVectorizer",
        "from sklearn.pipeline import make_pipeline",
      ],
      [
        `def text_part(view):`,
        `    """TF-IDF vectors of each text column (linear models); ${params.tree_svd > 0 ? `their ${params.tree_svd}-dimensional SVD for trees` : "trees use the text statistics only"}."""`,
        `    parts = []`,
        `    for col in TEXT_COLS:`,
        `        if view == "linear":`,
        `            parts.append((f"{col}_words", ${word}, col))`,
        ...(params.char_ngrams >= 2 ? [`            parts.append((f"{col}_chars", ${chars}, col))`] : []),
        ...(params.tree_svd > 0
          ? [
              `        else:`,
              `            svd = TruncatedSVD(n_components=${params.tree_svd}, random_state=SEED)`,
              `            parts.append((f"{col}_svd", make_pipeline(TfidfVectorizer(min_df=${params.min_df}, sublinear_tf=True), svd), col))`,
            ]
          : []),
        `    return parts`,
        ``,
        ``,
        `FEATURE_PARTS.append(text_part)`,
      ],
    );
  },
});

/** Splits the feature table into train and test rows and defines the per-view column transformer. */
export const assembleFeatures = defineOp({
  op: "assemble_features",
  section: "preprocessing",
  phase: 30,
  tag: "Data_Transform",
  library: "scikit-learn",
  text: "Assemble the feature matrices of the training and test rows from the registered column transformations.",
  needs: [],
  params: z.object({}).strict(),
  render() {
    return rendered(
      ["from sklearn.compose import ColumnTransformer"],
      [
        `X = features.iloc[:N_TRAIN].reset_index(drop=True)`,
        `X_test = features.iloc[N_TRAIN:].reset_index(drop=True)`,
        `print(f"features: {len(NUM_COLS)} numeric, {len(CAT_COLS)} categorical, {len(HIGH_CARD_COLS)} high-cardinality, {len(TEXT_COLS)} text")`,
        ``,
        ``,
        `def build_features(view):`,
        `    """A fresh column transformer of every registered feature part, for "tree" or "linear" models."""`,
        `    parts = [part for make_part in FEATURE_PARTS for part in make_part(view) if len(part[2]) > 0]`,
        `    return ColumnTransformer(parts, remainder="drop", sparse_threshold=0.0 if view == "tree" else 0.3)`,
      ],
    );
  },
});
