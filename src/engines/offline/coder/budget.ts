import { CODE_BLOCKS } from "../../engine.js";
import type { ProfileFacts } from "../facts.js";
import { defaultStep, type Plan, type PlannedStep } from "./plan.js";
import { MODEL_OPS, opSpec } from "./registry.js";

/**
 * Cost model of a plan: seconds on the quiet 2-core development machine (coefficients measured with
 * other jobs running at load 8-11, then halved). A busy machine takes longer: the script's guards
 * then cut work only where the hard limit is at stake.
 */
const COST = {
  /** Interpreter start, imports, reading the files. */
  start: 2,
  /** Per cell of the feature table, for the pandas feature steps. */
  cell: 1e-6,
  /** Per character of text: word TF-IDF, and character 2-5-gram TF-IDF. */
  wordChar: 5e-7,
  charChar: 3.2e-6,
  /** Non-zero TF-IDF entries per character of text: words, and character n-grams. */
  wordNnz: 0.4,
  charNnz: 2.5,
  /** Per non-zero entry: liblinear logistic regression, one SGD epoch. */
  liblinear: 6.5e-7,
  sgdEpoch: 8e-9,
  /** Gradient boosting: per iteration, and per row x feature x iteration. */
  boostIter: 0.005,
  boostCell: 6e-9,
  /** XGBoost: per tree, and per row x feature x tree. */
  xgbTree: 0.002,
  xgbCell: 1.5e-9,
  /** Forests: per tree x row x log2(rows) x sqrt(features) (random forest; extra trees are cheaper). */
  forest: 1.4e-7,
  extraTrees: 3.3e-8,
  /** Dense linear models: per row x feature x class. */
  denseLinear: 4e-8,
} as const;

/** The share of the target a plan may be estimated at: the rest absorbs the estimate's error. */
const FIT_SHARE = 0.8;
/** Characters of text (train and test) from which an over-budget plan trades liblinear for SGD. */
const SGD_TEXT_CHARS = 5_000_000;
/** Fewest trees or boosting rounds trimming leaves. */
const MIN_TREES = 60;

/** A plan's cost estimate: total seconds, seconds per part, and the cuts made to fit. */
export interface PlanEstimate {
  /** Estimated wall seconds of the whole script. */
  total: number;
  /** Seconds per part ("features", "text", each model by name, "refit"). */
  parts: Record<string, number>;
  /** What was cut to fit the budget, in words. */
  cuts: string[];
}

/** What the estimate needs about a plan. */
interface Shape {
  /** Training rows. */
  rows: number;
  /** Rows the validation fits on (a sample when large). */
  validRows: number;
  /** Folds of the validation scheme. */
  folds: number;
  /** Passes over the folds (repeated k-fold). */
  repeats: number;
  /** Whether folds grow in time order (fits on half the rows on average). */
  timeSplit: boolean;
  /** Feature columns of the tree view (estimate). */
  features: number;
  /** Non-zero entries of the text matrix per training row. */
  textNnzPerRow: number;
  /** Classes (1 for regression and binary). */
  classes: number;
}

const num = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);

/** A step's parameters with the op's defaults filled in. */
function paramsOf(p: PlannedStep): Record<string, unknown> {
  return p.spec ? p.spec.parse(p.step.params) : {};
}

/** The rendered steps of a plan, in order. */
function steps(plan: Plan): PlannedStep[] {
  return CODE_BLOCKS.flatMap((b) => plan[b]).filter((p) => p.spec !== null);
}

function find(plan: Plan, op: string): PlannedStep | undefined {
  return steps(plan).find((p) => p.spec?.op === op);
}

function shapeOf(facts: ProfileFacts, plan: Plan, quick: boolean, quickRows: number): Shape {
  const c = facts.columns;
  const load = find(plan, "load_data");
  const maxRows = load ? (paramsOf(load).max_rows as number | null) : null;
  let rows = Math.min(facts.trainRows, maxRows ?? facts.trainRows);
  if (quick) rows = Math.min(rows, num(load && paramsOf(load).quick_rows, quickRows));
  const scheme = steps(plan).find((p) => p.spec?.op === "kfold_cv" || p.spec?.op === "time_split_cv");
  const sp = scheme ? paramsOf(scheme) : {};
  const folds = quick ? 3 : num(sp.folds, 5);
  const repeats = quick ? 1 : num(sp.repeats, 1);
  const validRows = Math.min(rows, num(sp.max_rows, rows));
  const text = find(plan, "text_tfidf");
  const tp = text ? paramsOf(text) : {};
  const perRowChars = facts.textChars / Math.max(1, facts.trainRows + facts.testRows);
  const charShare = num(tp.char_ngrams, 0) >= 2 ? (COST.charNnz * (num(tp.char_ngrams, 5) - 1)) / 4 : 0;
  const textNnzPerRow = text ? perRowChars * (COST.wordNnz + charShare) : 0;
  const features = c.numeric.length + c.categorical.length + 3 * c.highCardinality.length + 9 * c.text.length + 3 * c.datetime.length + 6;
  const classes = facts.profile.taskType === "multiclass" ? (facts.profile.classes?.length ?? 3) : 1;
  return { rows, validRows, folds, repeats, timeSplit: scheme?.spec?.op === "time_split_cv", features, textNnzPerRow, classes };
}

/** Seconds of one fit of a model step on n rows. */
function fitSeconds(p: PlannedStep, shape: Shape, n: number): number {
  const params = paramsOf(p);
  const d = shape.features;
  const k = shape.classes;
  const textNnz = n * shape.textNnzPerRow;
  const linearOnText = shape.textNnzPerRow > 0;
  switch (p.spec?.op) {
    case "hist_gradient_boosting":
      return k * num(params.max_iter, 100) * (COST.boostIter + COST.boostCell * n * d);
    case "xgboost":
      return k * num(params.n_estimators, 500) * (COST.xgbTree + COST.xgbCell * n * d * (num(params.max_depth, 5) / 5));
    case "lightgbm":
      // not installed on the development machine, so not measured: costed as XGBoost trees of depth 5
      return k * num(params.n_estimators, 300) * (COST.xgbTree + COST.xgbCell * n * d);
    case "random_forest":
    case "extra_trees": {
      const per = p.spec.op === "random_forest" ? COST.forest : COST.extraTrees;
      const width = typeof params.max_features === "number" ? params.max_features * d : Math.sqrt(d);
      return num(params.n_estimators, 300) * per * n * Math.log2(Math.max(2, n)) * Math.max(1, width);
    }
    case "sgd_linear":
      return num(params.epochs, 15) * COST.sgdEpoch * (textNnz + n * d) * k + 0.05;
    case "nb_logistic_regression":
      return 1.3 * COST.liblinear * textNnz * k + 0.05;
    default:
      return (linearOnText ? COST.liblinear * textNnz : 0) * k + COST.denseLinear * n * d * k + 0.02;
  }
}

/** Estimates a plan's wall seconds from the profile. */
export function estimatePlan(facts: ProfileFacts, plan: Plan, quick = false, quickRows = 3000): Omit<PlanEstimate, "cuts"> {
  const shape = shapeOf(facts, plan, quick, quickRows);
  const parts: Record<string, number> = {};
  const all = shape.rows + facts.testRows;
  parts.features = COST.start + COST.cell * all * shape.features;
  const text = find(plan, "text_tfidf");
  if (text) {
    const chars = (facts.textChars * (shape.rows + facts.testRows)) / Math.max(1, facts.trainRows + facts.testRows);
    const charNgrams = num(paramsOf(text).char_ngrams, 0);
    parts.text = chars * (COST.wordChar + (charNgrams >= 2 ? (COST.charChar * (charNgrams - 1)) / 4 : 0));
    if (find(plan, "text_model_feature")) parts.text += 6 * COST.liblinear * shape.textNnzPerRow * shape.rows * shape.classes;
  }
  const fitRows = shape.timeSplit ? shape.validRows / 2 : (shape.validRows * (shape.folds - 1)) / shape.folds;
  let refit = 0;
  for (const p of steps(plan).filter((s) => MODEL_OPS.has(s.spec?.op ?? ""))) {
    const name = String(paramsOf(p).name);
    parts[name] = shape.folds * shape.repeats * fitSeconds(p, shape, fitRows);
    refit += fitSeconds(p, shape, shape.rows);
  }
  parts.refit = refit;
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { total, parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(v * 10) / 10])) };
}

/** A copy of the plan with one step's parameters changed. */
function withParams(plan: Plan, target: PlannedStep, params: Record<string, unknown>): Plan {
  const out = { ...plan };
  for (const b of CODE_BLOCKS) {
    out[b] = plan[b].map((p) => (p === target ? { ...p, step: { ...p.step, params: { ...p.step.params, ...params } } } : p));
  }
  return out;
}

/** A copy of the plan without one step. */
function without(plan: Plan, target: PlannedStep, why: string): Plan {
  const out = { ...plan };
  for (const b of CODE_BLOCKS) out[b] = plan[b].map((p) => (p === target ? { ...p, spec: null, note: why } : p));
  return out;
}

/** One way to cut a plan down: the cut plan and its description, or null when it does not apply. */
type Cut = (facts: ProfileFacts, plan: Plan, estimate: Omit<PlanEstimate, "cuts">, budget: number) => { plan: Plan; cut: string } | null;

const models = (plan: Plan) => steps(plan).filter((s) => MODEL_OPS.has(s.spec?.op ?? ""));

/** Large sparse text: liblinear logistic regression (or NB-SVM) becomes SGD, in place. */
const sgdOnLargeText: Cut = (facts, plan) => {
  if (!facts.flags.has("text") || facts.textChars < SGD_TEXT_CHARS) return null;
  const slow = models(plan).find((p) => p.spec?.op === "logistic_regression" || p.spec?.op === "nb_logistic_regression");
  if (!slow) return null;
  const params = paramsOf(slow);
  const sgd: PlannedStep = {
    step: defaultStep("sgd_linear", { name: params.name, weight: params.weight }),
    spec: opSpec("sgd_linear"),
    note: `stands in for ${slow.spec?.op} to fit the time budget`,
    added: false,
  };
  const out = { ...plan };
  for (const b of CODE_BLOCKS) out[b] = plan[b].map((p) => (p === slow ? sgd : p));
  const chars = Math.round(facts.textChars / 1e6);
  return { plan: out, cut: `${params.name}: ${slow.spec?.op} replaced by SGD on ${chars}M characters of text` };
};

/** Text vocabularies capped, character n-grams shortened. */
const capVocabulary: Cut = (_facts, plan) => {
  const text = find(plan, "text_tfidf");
  if (!text) return null;
  const p = paramsOf(text);
  const max = num(p.max_features, 50000);
  const charMax = num(p.char_max_features, 50000);
  const chars = num(p.char_ngrams, 0);
  if (max <= 20000 && charMax <= 20000 && chars <= 4) return null;
  const next = { max_features: Math.min(max, 20000), char_max_features: Math.min(charMax, 20000), char_ngrams: Math.min(chars, 4) };
  return {
    plan: withParams(plan, text, next),
    cut: `text vocabularies capped at 20000 terms${chars > 4 ? ", character n-grams up to 4" : ""}`,
  };
};

/** Character n-grams dropped (words only) when the text alone would take most of the budget. */
const wordsOnly: Cut = (_facts, plan, estimate, budget) => {
  const text = find(plan, "text_tfidf");
  if (!text || num(paramsOf(text).char_ngrams, 0) < 2 || (estimate.parts.text ?? 0) < 0.3 * budget * FIT_SHARE) return null;
  return {
    plan: withParams(plan, text, { char_ngrams: 0 }),
    cut: "text as word n-grams only (character n-grams would take most of the budget)",
  };
};

/** Training on a sample of the rows, the last resort for data too large for the budget. */
const sampleTraining: Cut = (facts, plan, estimate, budget) => {
  const load = find(plan, "load_data");
  if (!load) return null;
  const current = num(paramsOf(load).max_rows, facts.trainRows);
  const rows = Math.max(5000, Math.floor(current / Math.max(1.5, estimate.total / (budget * FIT_SHARE))));
  if (rows >= current) return null;
  return { plan: withParams(plan, load, { max_rows: rows }), cut: `training on a sample of ${rows} of ${facts.trainRows} rows` };
};

/** Validation on a sample of rows. */
const sampleValidation: Cut = (facts, plan, estimate, budget) => {
  const scheme = steps(plan).find((p) => p.spec?.op === "kfold_cv" || p.spec?.op === "time_split_cv");
  if (!scheme) return null;
  const current = num(paramsOf(scheme).max_rows, facts.trainRows);
  const over = estimate.total / (budget * FIT_SHARE);
  const rows = Math.max(2000, Math.floor(Math.min(current, facts.trainRows) / Math.max(1.5, over)));
  if (rows >= current || current <= 2000) return null;
  return { plan: withParams(plan, scheme, { max_rows: rows }), cut: `validation on a sample of ${rows} of ${facts.trainRows} rows` };
};

/** One pass of the folds instead of repeated k-fold. */
const onePass: Cut = (_facts, plan) => {
  const scheme = find(plan, "kfold_cv");
  const repeats = scheme ? num(paramsOf(scheme).repeats, 1) : 1;
  if (!scheme || repeats <= 1) return null;
  return { plan: withParams(plan, scheme, { repeats: 1 }), cut: `one pass of the validation folds instead of ${repeats}` };
};

/** Fewer folds. */
const fewerFolds: Cut = (_facts, plan) => {
  const scheme = steps(plan).find((p) => p.spec?.op === "kfold_cv" || p.spec?.op === "time_split_cv");
  if (!scheme || num(paramsOf(scheme).folds, 5) <= 3) return null;
  return { plan: withParams(plan, scheme, { folds: 3 }), cut: "3 validation folds instead of 5" };
};

/** Ensembles trimmed: the most expensive tree model gets half its trees or rounds. */
const trimTrees: Cut = (_facts, plan, estimate) => {
  const sizes: Record<string, string> = {
    hist_gradient_boosting: "max_iter",
    xgboost: "n_estimators",
    lightgbm: "n_estimators",
    random_forest: "n_estimators",
    extra_trees: "n_estimators",
  };
  const trees = models(plan)
    .filter((p) => sizes[p.spec?.op ?? ""] && num(paramsOf(p)[sizes[p.spec?.op ?? ""]], 100) > MIN_TREES)
    .sort((a, b) => (estimate.parts[String(paramsOf(b).name)] ?? 0) - (estimate.parts[String(paramsOf(a).name)] ?? 0));
  const top = trees[0];
  if (!top?.spec) return null;
  const key = sizes[top.spec.op];
  const now = num(paramsOf(top)[key], 100);
  const next = Math.max(MIN_TREES, Math.floor(now / 2));
  const boosting = ["hist_gradient_boosting", "xgboost", "lightgbm"].includes(top.spec.op);
  const lr = boosting ? num(paramsOf(top).learning_rate, 0.1) : null;
  const params = lr === null ? { [key]: next } : { [key]: next, learning_rate: Math.min(0.3, (lr * now) / next) };
  return {
    plan: withParams(plan, top, params),
    cut: `${paramsOf(top).name}: ${next} instead of ${now} ${key === "max_iter" ? "rounds" : "trees"}`,
  };
};

/** The member with the most cost per unit of blend weight left out of the blend (never the last one). */
const dropMember: Cut = (_facts, plan, estimate) => {
  const members = models(plan);
  if (members.length < 2) return null;
  const perWeight = (p: PlannedStep) => (estimate.parts[String(paramsOf(p).name)] ?? 0) / num(paramsOf(p).weight, 1);
  const costly = [...members].sort((a, b) => perWeight(b) - perWeight(a))[0];
  const name = String(paramsOf(costly).name);
  return { plan: without(plan, costly, "left out to fit the time budget"), cut: `${name} left out of the blend` };
};

/** The cuts in the order they are tried, each once; then members are trimmed and dropped until the plan fits. */
const CUTS: Cut[] = [
  sgdOnLargeText,
  sgdOnLargeText,
  capVocabulary,
  onePass,
  sampleValidation,
  trimTrees,
  fewerFolds,
  trimTrees,
  sampleValidation,
  wordsOnly,
];
const LAST_RESORT: Cut[] = [trimTrees, dropMember, sampleTraining];

/**
 * Cuts a plan down until its estimate fits the budget's share (text to SGD, vocabularies capped,
 * one pass of repeated folds, validation sampled, ensembles trimmed, fewer folds, members dropped), then writes the estimate
 * and the cuts into the plan_budget step so the script prints them before it runs. `budget` is the
 * target on a quiet machine; `limit` the hard limit the script's guards keep on a busy one.
 */
export function fitPlan(
  facts: ProfileFacts,
  plan: Plan,
  budget: number,
  quick = false,
  limit: number = budget,
): { plan: Plan; estimate: PlanEstimate } {
  let current = plan;
  const cuts: string[] = [];
  let estimate = estimatePlan(facts, current, quick);
  const over = () => estimate.total > budget * FIT_SHARE;
  const apply = (cut: Cut) => {
    const next = cut(facts, current, estimate, budget);
    if (!next) return false;
    current = next.plan;
    cuts.push(next.cut);
    estimate = estimatePlan(facts, current, quick);
    return true;
  };
  for (const cut of CUTS) if (over()) apply(cut);
  for (let round = 0; round < 20 && over(); round++) if (!LAST_RESORT.some(apply)) break;
  const step = find(current, "plan_budget");
  const full: PlanEstimate = { ...estimate, total: Math.round(estimate.total), cuts };
  if (step)
    current = withParams(current, step, {
      seconds: Math.round(budget),
      limit: Math.round(limit),
      estimate: full.total,
      parts: estimate.parts,
      cuts,
    });
  return { plan: current, estimate: full };
}
