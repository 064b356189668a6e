import { z } from "zod";
import type { RenderContext } from "../op-spec.js";
import { defineOp, rendered } from "../op-spec.js";
import { scoreFunction } from "../metric.js";

/** Python shared by the validation schemes: the metric, predictions, blending and out-of-fold loop. */
function outOfFold(ctx: RenderContext): string[] {
  const cls = ctx.facts.profile.taskType !== "regression";
  const predict = cls
    ? [
        `def predict_scores(model, data):`,
        `    """Class probabilities in CLASSES order (a fold may lack a class)."""`,
        `    proba = model.predict_proba(data)`,
        `    aligned = np.zeros((len(data), len(CLASSES)))`,
        `    aligned[:, np.asarray(model.classes_, dtype=int)] = proba`,
        `    return aligned`,
      ]
    : [
        `def predict_scores(model, data):`,
        `    """Predictions on the model's (possibly transformed) target scale."""`,
        `    return np.asarray(model.predict(data), dtype=float)`,
      ];
  return [
    ...scoreFunction(ctx.facts.profile),
    ``,
    ``,
    ...predict,
    ``,
    ``,
    `def blend(predictions):`,
    `    """Weighted average of the models' predictions (WEIGHTS)."""`,
    `    total = sum(WEIGHTS[name] for name in predictions)`,
    `    return sum(WEIGHTS[name] * pred for name, pred in predictions.items()) / total`,
    ``,
    ``,
    `VALID_ROWS = np.concatenate([valid for _, valid in SPLITS])`,
    `oof = {}`,
    `for name, model in MODELS.items():`,
    `    pred = np.zeros(${cls ? "(N_TRAIN, len(CLASSES))" : "N_TRAIN"})`,
    `    for fit_rows, valid_rows in SPLITS:`,
    `        fitted = clone(model).fit(X.iloc[fit_rows], y[fit_rows])`,
    `        pred[valid_rows] = predict_scores(fitted, X.iloc[valid_rows])`,
    `    oof[name] = pred`,
    `    print(f"{name}: validation score {score(y[VALID_ROWS], pred[VALID_ROWS]):.5f}")`,
    `OOF = blend(oof)`,
  ];
}

const IMPORTS = ["from sklearn import metrics", "from sklearn.base import clone"];

/** Shuffled (stratified for classification) k-fold cross-validation with out-of-fold predictions. */
export const kfoldCv = defineOp({
  op: "kfold_cv",
  section: "validation",
  phase: 0,
  tag: "Model_Evaluation",
  library: "scikit-learn",
  text: "Score the models by shuffled k-fold cross-validation (stratified for classification) on out-of-fold predictions.",
  needs: [],
  params: z.object({ folds: z.number().int().min(2).default(5) }).strict(),
  render(ctx, p) {
    const cls = ctx.facts.profile.taskType !== "regression";
    const splitter = cls
      ? [
          `if np.bincount(y).min() >= FOLDS:`,
          `    SPLITS = list(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(X, y))`,
          `else:`,
          `    SPLITS = list(KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(X))`,
        ]
      : [`SPLITS = list(KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(X))`];
    return rendered(
      [...IMPORTS, `from sklearn.model_selection import KFold${cls ? ", StratifiedKFold" : ""}`],
      [`FOLDS = 3 if QUICK else ${p.folds}`, ...splitter, ...outOfFold(ctx)],
    );
  },
});

/** Forward-chaining validation in time order: every fold trains on the past and scores the next period. */
export const timeSplitCv = defineOp({
  op: "time_split_cv",
  section: "validation",
  phase: 0,
  tag: "Model_Evaluation",
  library: "scikit-learn",
  text: "Validate in time order: sort the rows by time and use forward-chaining splits, each training on earlier periods and scoring the next.",
  needs: ["timeOrdered"],
  detail: (f) => (f.profile.timeColumn ? `ordered by ${f.profile.timeColumn}` : null),
  params: z.object({ folds: z.number().int().min(2).default(5) }).strict(),
  render(ctx, p) {
    const time = ctx.facts.profile.timeColumn;
    const order = time
      ? `ORDER = np.argsort(pd.to_datetime(full[${JSON.stringify(time)}].iloc[:N_TRAIN], errors="coerce").to_numpy(), kind="stable")`
      : `ORDER = np.arange(N_TRAIN)  # no time column: the file order is taken as time order`;
    return rendered(
      [...IMPORTS, "from sklearn.model_selection import TimeSeriesSplit"],
      [
        `FOLDS = 3 if QUICK else ${p.folds}`,
        order,
        `SPLITS = [(ORDER[a], ORDER[b]) for a, b in TimeSeriesSplit(n_splits=FOLDS).split(ORDER)]`,
        ...outOfFold(ctx),
      ],
    );
  },
});

/** Picks the positive-class probability threshold that maximises the metric on out-of-fold predictions. */
export const tuneThreshold = defineOp({
  op: "tune_threshold",
  section: "validation",
  phase: 1,
  tag: "Hyperparam_Tuning",
  library: "numpy",
  text: "Tune the decision threshold on the positive-class probability to maximise the metric on the out-of-fold predictions.",
  needs: ["binary", "labelMetric"],
  params: z
    .object({ low: z.number().min(0).default(0.2), high: z.number().max(1).default(0.8), smooth: z.number().int().min(0).default(2) })
    .strict(),
  render(_ctx, p) {
    return rendered(
      [],
      [
        `grid = np.round(np.arange(${p.low}, ${p.high} + 1e-9, 0.01), 2)`,
        `grid_scores = []`,
        `for THRESHOLD in grid:`,
        `    grid_scores.append(score(y[VALID_ROWS], OOF[VALID_ROWS]))`,
        `signed = np.array(grid_scores) * (1 if HIGHER_IS_BETTER else -1)`,
        `smoothed = np.convolve(signed, np.ones(${2 * p.smooth + 1}) / ${2 * p.smooth + 1}, mode="same")  # prefer a plateau over a spike`,
        `THRESHOLD = float(grid[int(np.argmax(smoothed))])`,
        `print(f"decision threshold: {THRESHOLD:.2f}")`,
      ],
    );
  },
});

/** Chooses blend weights on a coarse grid by the out-of-fold score. */
export const tuneBlendWeights = defineOp({
  op: "tune_blend_weights",
  section: "validation",
  phase: 1,
  tag: "Hyperparam_Tuning",
  library: "numpy",
  text: "Choose the blend weights of the models on a coarse grid by the out-of-fold score.",
  needs: [],
  params: z.object({ step: z.number().positive().max(0.5).default(0.1) }).strict(),
  render(_ctx, p) {
    return rendered(
      ["import itertools"],
      [
        `names = list(MODELS)`,
        `if 1 < len(names) <= 4:  # a coarse grid stays small for up to four models`,
        `    steps = np.round(np.arange(0, 1 + 1e-9, ${p.step}), 2)`,
        `    best = None`,
        `    for combo in itertools.product(steps, repeat=len(names)):`,
        `        if abs(sum(combo) - 1) > 1e-6:`,
        `            continue`,
        `        mix = sum(w * oof[n] for w, n in zip(combo, names))`,
        `        value = score(y[VALID_ROWS], mix[VALID_ROWS]) * (1 if HIGHER_IS_BETTER else -1)`,
        `        if best is None or value > best[0] + 1e-12:`,
        `            best = (value, combo)`,
        `    WEIGHTS = {n: float(w) for n, w in zip(names, best[1])}`,
        `    OOF = blend(oof)`,
        `    print("blend weights:", WEIGHTS)`,
      ],
    );
  },
});

/** Prints the validation score line of the script contract. */
export const reportScore = defineOp({
  op: "report_score",
  section: "validation",
  phase: 2,
  tag: "Model_Evaluation",
  library: "scikit-learn",
  text: "Report the validation score of the blended out-of-fold predictions.",
  needs: [],
  params: z.object({}).strict(),
  render() {
    return rendered([], [`VALIDATION = score(y[VALID_ROWS], OOF[VALID_ROWS])`, `print(f"VALIDATION_SCORE: {VALIDATION:.6f}")`]);
  },
});

/** Refits every model on all training rows. */
export const fitFull = defineOp({
  op: "fit_full",
  section: "training",
  phase: 0,
  tag: "Model_Train",
  library: "scikit-learn",
  text: "Refit every model on all training rows.",
  needs: [],
  params: z.object({}).strict(),
  render() {
    return rendered([], [`for name, model in MODELS.items():`, `    model.fit(X, y)`, `    print(f"{name}: fitted on {len(X)} rows")`]);
  },
});
