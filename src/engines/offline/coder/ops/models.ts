import { z } from "zod";
import type { RenderContext } from "../op-spec.js";
import { defineOp, rendered } from "../op-spec.js";
import { pyKwargs, pyStr, type PyValue } from "../python.js";

/** Fields every model step has: its name in MODELS and its blend weight. */
const member = { name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), weight: z.number().positive().default(1) };

/** Lines that register one model pipeline under its name with its blend weight. */
function register(name: string, weight: number, view: "tree" | "linear", estimator: string): string[] {
  return [`MODELS[${pyStr(name)}] = make_pipeline(build_features(${pyStr(view)}), ${estimator})`, `WEIGHTS[${pyStr(name)}] = ${weight}`];
}

/** Keyword arguments without unset (null) values. */
function kwargs(params: Record<string, PyValue | undefined>): string {
  const set = Object.fromEntries(Object.entries(params).filter((e): e is [string, PyValue] => e[1] !== undefined && e[1] !== null));
  return pyKwargs(set);
}

function isClassifier(ctx: RenderContext): boolean {
  return ctx.facts.profile.taskType !== "regression";
}

/** Histogram gradient boosting (scikit-learn), classifier or regressor by task type. */
export const histGradientBoosting = defineOp({
  op: "hist_gradient_boosting",
  section: "model",
  phase: 0,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "Histogram gradient-boosted trees on the tree features (median-imputed numbers, ordinal categoricals).",
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
    })
    .strict(),
  render(ctx, p) {
    const cls = isClassifier(ctx);
    const estimator = cls ? "HistGradientBoostingClassifier" : "HistGradientBoostingRegressor";
    const args = kwargs({
      learning_rate: p.learning_rate,
      max_iter: p.max_iter,
      max_leaf_nodes: p.max_leaf_nodes,
      min_samples_leaf: p.min_samples_leaf,
      l2_regularization: p.l2_regularization,
      max_depth: p.max_depth,
      class_weight: cls ? p.class_weight : null,
    });
    return rendered(
      [`from sklearn.ensemble import ${estimator}`],
      register(p.name, p.weight, "tree", `${estimator}(${args}, random_state=SEED)`),
    );
  },
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
    })
    .strict(),
  render(ctx, p) {
    const estimator = isClassifier(ctx) ? "XGBClassifier" : "XGBRegressor";
    const args = kwargs({
      n_estimators: p.n_estimators,
      learning_rate: p.learning_rate,
      max_depth: p.max_depth,
      subsample: p.subsample,
      colsample_bytree: p.colsample_bytree,
      min_child_weight: p.min_child_weight,
      reg_lambda: p.reg_lambda,
      tree_method: "hist",
      n_jobs: 2,
    });
    return rendered([`from xgboost import ${estimator}`], register(p.name, p.weight, "tree", `${estimator}(${args}, random_state=SEED)`));
  },
});

/** LightGBM gradient boosting (used where the environment probe finds lightgbm), classifier or regressor by task type. */
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
    })
    .strict(),
  render(ctx, p) {
    const cls = isClassifier(ctx);
    const estimator = cls ? "LGBMClassifier" : "LGBMRegressor";
    const args = kwargs({
      n_estimators: p.n_estimators,
      learning_rate: p.learning_rate,
      num_leaves: p.num_leaves,
      min_child_samples: p.min_child_samples,
      reg_lambda: p.reg_lambda,
      class_weight: cls ? p.class_weight : null,
      n_jobs: 2,
      verbose: -1,
    });
    return rendered([`from lightgbm import ${estimator}`], register(p.name, p.weight, "tree", `${estimator}(${args}, random_state=SEED)`));
  },
});

/** Random forest or extra trees (scikit-learn), classifier or regressor by task type. */
function forestOp(op: "random_forest" | "extra_trees", kind: "RandomForest" | "ExtraTrees", text: string) {
  return defineOp({
    op,
    section: "model",
    phase: 2,
    tag: "Model_Train",
    library: "scikit-learn",
    text,
    needs: [],
    params: z
      .object({
        ...member,
        name: member.name.default(op === "random_forest" ? "rf" : "et"),
        n_estimators: z.number().int().positive().default(300),
        min_samples_leaf: z.number().int().positive().default(2),
        max_features: z.union([z.number().positive().max(1), z.enum(["sqrt", "log2"])]).default("sqrt"),
        class_weight: z.enum(["balanced", "balanced_subsample"]).nullable().default(null),
      })
      .strict(),
    render(ctx, p) {
      const cls = isClassifier(ctx);
      const estimator = `${kind}${cls ? "Classifier" : "Regressor"}`;
      const args = kwargs({
        n_estimators: p.n_estimators,
        min_samples_leaf: p.min_samples_leaf,
        max_features: p.max_features,
        class_weight: cls ? p.class_weight : null,
        n_jobs: 2,
      });
      return rendered(
        [`from sklearn.ensemble import ${estimator}`],
        register(p.name, p.weight, "tree", `${estimator}(${args}, random_state=SEED)`),
      );
    },
  });
}

/** Random forest on the tree features. */
export const randomForest = forestOp(
  "random_forest",
  "RandomForest",
  "A random forest of fully grown trees on the tree features (median-imputed numbers, ordinal categoricals).",
);
/** Extremely randomised trees on the tree features. */
export const extraTrees = forestOp(
  "extra_trees",
  "ExtraTrees",
  "Extremely randomised trees on the tree features (median-imputed numbers, ordinal categoricals).",
);

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
    })
    .strict(),
  render(ctx, p) {
    if (!isClassifier(ctx)) {
      const note = `# The task is a regression: ridge regression stands in for logistic regression.`;
      const lines = register(p.name, p.weight, "linear", `Ridge(alpha=${1 / p.C})`);
      return rendered(["from sklearn.linear_model import Ridge"], [note, ...lines]);
    }
    const args = kwargs({ C: p.C, class_weight: p.class_weight, max_iter: p.max_iter });
    return rendered(
      ["from sklearn.linear_model import LogisticRegression"],
      register(p.name, p.weight, "linear", `LogisticRegression(${args})`),
    );
  },
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
  params: z.object({ ...member, name: member.name.default("ridge"), alpha: z.number().positive().default(10) }).strict(),
  render(ctx, p) {
    if (isClassifier(ctx)) {
      const note = `# The task is a classification: logistic regression stands in for ridge regression.`;
      const lines = register(p.name, p.weight, "linear", `LogisticRegression(C=${1 / p.alpha}, max_iter=2000)`);
      return rendered(["from sklearn.linear_model import LogisticRegression"], [note, ...lines]);
    }
    return rendered(["from sklearn.linear_model import Ridge"], register(p.name, p.weight, "linear", `Ridge(alpha=${p.alpha})`));
  },
});
