import { z } from "zod";
import { defineOp } from "../op-spec.js";

/** The tree views: plain, or with the horizon-safe target lags (time-ordered tasks). */
const treeView = z.enum(["tree", "tree+lags"]).default("tree");
const forestView = z.enum(["forest", "forest+lags"]).default("forest");

/** Fields every model step has: its name in the blend and its blend weight. */
const member = { name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), weight: z.number().positive().default(1) };

/** Starts the blend (every model step registers one member). */
export const startModels = defineOp({
  op: "start_models",
  section: "model",
  phase: -1,
  tag: "Model_Train",
  library: "python",
  text: "Start an empty blend of models.",
  needs: [],
  params: z.object({}).strict(),
});

/** Histogram gradient boosting (scikit-learn), classifier or regressor by task type. */
export const histGradientBoosting = defineOp({
  op: "hist_gradient_boosting",
  section: "model",
  phase: 0,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "Histogram gradient-boosted trees on the tree features (numbers with missing values kept, ordinal categoricals).",
  needs: [],
  params: z
    .object({
      ...member,
      name: member.name.default("hgb"),
      learning_rate: z.number().positive().default(0.1),
      max_iter: z.number().int().positive().default(100),
      max_leaf_nodes: z.number().int().min(2).default(31),
      min_samples_leaf: z.number().int().positive().default(20),
      l2_regularization: z.number().min(0).default(0),
      max_depth: z.number().int().positive().nullable().default(null),
      class_weight: z.enum(["balanced"]).nullable().default(null),
      view: treeView,
    })
    .strict(),
});

/** XGBoost gradient boosting (Debian's xgboost), classifier or regressor by task type. */
export const xgboost = defineOp({
  op: "xgboost",
  section: "model",
  phase: 1,
  tag: "Model_Train",
  library: "xgboost",
  text: "XGBoost gradient-boosted trees (histogram method, row and column subsampling) on the tree features.",
  needs: [],
  params: z
    .object({
      ...member,
      name: member.name.default("xgb"),
      n_estimators: z.number().int().positive().default(500),
      learning_rate: z.number().positive().default(0.05),
      max_depth: z.number().int().positive().default(5),
      subsample: z.number().positive().max(1).default(0.8),
      colsample_bytree: z.number().positive().max(1).default(0.8),
      min_child_weight: z.number().min(0).default(1),
      reg_lambda: z.number().min(0).default(1),
      view: treeView,
    })
    .strict(),
});

/** LightGBM gradient boosting (where the environment probe finds lightgbm), classifier or regressor by task type. */
export const lightgbm = defineOp({
  op: "lightgbm",
  section: "model",
  phase: 1,
  tag: "Model_Train",
  library: "lightgbm",
  text: "LightGBM gradient-boosted trees on the tree features.",
  needs: [],
  params: z
    .object({
      ...member,
      name: member.name.default("lgbm"),
      n_estimators: z.number().int().positive().default(300),
      learning_rate: z.number().positive().default(0.05),
      num_leaves: z.number().int().min(2).default(31),
      min_child_samples: z.number().int().positive().default(20),
      reg_lambda: z.number().min(0).default(0),
      class_weight: z.enum(["balanced"]).nullable().default(null),
      view: treeView,
    })
    .strict(),
});

/** Parameters of a forest step. */
function forestParams(name: string) {
  return z
    .object({
      ...member,
      name: member.name.default(name),
      n_estimators: z.number().int().positive().default(300),
      min_samples_leaf: z.number().int().positive().default(2),
      max_features: z.union([z.number().positive().max(1), z.enum(["sqrt", "log2"])]).default("sqrt"),
      class_weight: z.enum(["balanced", "balanced_subsample"]).nullable().default(null),
      view: forestView,
    })
    .strict();
}

/** Random forest on the median-imputed tree features. */
export const randomForest = defineOp({
  op: "random_forest",
  section: "model",
  phase: 2,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "A random forest of fully grown trees on the tree features (median-imputed numbers, ordinal categoricals).",
  needs: [],
  params: forestParams("rf"),
});

/** Extremely randomised trees on the median-imputed tree features. */
export const extraTrees = defineOp({
  op: "extra_trees",
  section: "model",
  phase: 2,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "Extremely randomised trees on the tree features (median-imputed numbers, ordinal categoricals).",
  needs: [],
  params: forestParams("et"),
});

/** Which features a linear model reads: everything, or the text alone. */
const linearView = z.enum(["linear", "text"]).default("linear");

/** L2-regularised logistic regression on the linear features (classification). */
export const logisticRegression = defineOp({
  op: "logistic_regression",
  section: "model",
  phase: 3,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "L2-regularised logistic regression on the linear features (scaled numbers, one-hot categoricals, TF-IDF text).",
  needs: [],
  params: z
    .object({
      ...member,
      name: member.name.default("logreg"),
      C: z.number().positive().default(1),
      class_weight: z.enum(["balanced"]).nullable().default(null),
      max_iter: z.number().int().positive().default(2000),
      view: linearView,
    })
    .strict(),
});

/** Ridge regression on the linear features (regression). */
export const ridge = defineOp({
  op: "ridge",
  section: "model",
  phase: 3,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "Ridge regression on the linear features (scaled and log-compressed numbers, one-hot categoricals, TF-IDF text).",
  needs: [],
  params: z.object({ ...member, name: member.name.default("ridge"), alpha: z.number().positive().default(10), view: linearView }).strict(),
});

/** A linear model trained by stochastic gradient descent: large sparse data. */
export const sgdLinear = defineOp({
  op: "sgd_linear",
  section: "model",
  phase: 3,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "A linear model trained by stochastic gradient descent (logistic or squared loss) on the linear features: fast on large sparse data.",
  needs: [],
  params: z
    .object({
      ...member,
      name: member.name.default("sgd"),
      alpha: z.number().positive().default(2e-5),
      epochs: z.number().int().positive().default(15),
      view: linearView,
    })
    .strict(),
});

/** NB-SVM: naive-Bayes-weighted logistic regression on the TF-IDF text. */
export const nbLogisticRegression = defineOp({
  op: "nb_logistic_regression",
  section: "model",
  phase: 3,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "NB-SVM: logistic regression on TF-IDF features scaled by their naive-Bayes log-count ratios (strong on short texts).",
  needs: ["text"],
  params: z
    .object({ ...member, name: member.name.default("nblr"), C: z.number().positive().default(4), alpha: z.number().positive().default(1) })
    .strict(),
});
