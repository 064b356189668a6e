import type { Instruction, Step } from "../../types/instruction.js";
import { SubmissionFormSchema, type SubmissionForm } from "../../types/profile.js";
import { scoringMetric } from "./coder/metric.js";
import { effectiveForm } from "./coder/ops/submission.js";
import { LINEAR_MODEL_OPS, MODEL_OPS, VALIDATION_OPS } from "./coder/registry.js";
import { addOp, hasOp, opSteps, replaceOp, setParams, stepsOf } from "./edit.js";
import type { ProfileFacts } from "./facts.js";

/** A flaw of a candidate found by a rule, with the deterministic repair the Decider applies. */
export interface Finding {
  /** Rule id, e.g. "output-form". */
  rule: string;
  /** How bad the flaw is. */
  severity: "critical" | "major" | "minor";
  /** The flaw, naming this task's columns, metric or form. */
  issue: string;
  /** The repair in one sentence. */
  fix: string;
  /** Applies the repair to an instruction. */
  repair(instruction: Instruction): Instruction;
}

/** One rule: the findings it has for a candidate. */
type Rule = (facts: ProfileFacts, instruction: Instruction) => Finding[];

const FORM_WORDS: Record<SubmissionForm, string> = {
  label: "class labels",
  probability: "the probability of the positive class",
  class_probabilities: "one probability column per class",
  value: "numeric predictions",
};

const list = (names: string[]) => names.slice(0, 6).join(", ") + (names.length > 6 ? ` and ${names.length - 6} more` : "");
const models = (instruction: Instruction): Step[] => opSteps(instruction).filter((s) => MODEL_OPS.has(s.op ?? ""));
const linearOp = (facts: ProfileFacts) => (facts.profile.taskType === "regression" ? "ridge" : "logistic_regression");

const outputForm: Rule = (facts, instruction) => {
  const p = facts.profile;
  const writers = stepsOf(instruction, "write_submission");
  const needed = FORM_WORDS[p.submissionForm];
  if (writers.length === 0) {
    return [
      {
        rule: "output-form",
        severity: "critical",
        issue: "No step writes submission.csv.",
        fix: `Add a submission step writing ${needed} in the sample submission's layout.`,
        repair: (i) => addOp(i, "write_submission", { form: p.submissionForm }),
      },
    ];
  }
  const requested = SubmissionFormSchema.safeParse(writers[0].params?.form).data ?? "label";
  const written = effectiveForm(p, requested);
  if (written === p.submissionForm) return [];
  return [
    {
      rule: "output-form",
      severity: "critical",
      issue: `The submission would hold ${FORM_WORDS[written]}, but ${scoringMetric(p)} with this sample submission needs ${needed}.`,
      fix: `Write ${needed}${p.submissionForm === "class_probabilities" ? ` (columns ${list(p.targetColumns)})` : ""}.`,
      repair: (i) => setParams(i, "write_submission", { form: p.submissionForm }),
    },
  ];
};

const modelTaskType: Rule = (facts, instruction) => {
  const regression = facts.profile.taskType === "regression";
  if (models(instruction).length === 0) {
    return [
      {
        rule: "model-task-type",
        severity: "critical",
        issue: "The instruction names no model.",
        fix: "Add gradient-boosted trees, which suit every tabular task type.",
        repair: (i) => addOp(i, facts.flags.has("text") ? linearOp(facts) : "hist_gradient_boosting"),
      },
    ];
  }
  const wrong = regression ? "logistic_regression" : "ridge";
  if (!hasOp(instruction, wrong)) return [];
  const right = linearOp(facts);
  return [
    {
      rule: "model-task-type",
      severity: "critical",
      issue: regression
        ? `Logistic regression is a classifier, but ${facts.profile.labelColumn} is a numeric regression target.`
        : `Ridge regression predicts numbers, but ${facts.profile.labelColumn} is a class label (${facts.profile.taskType}).`,
      fix: `Use ${regression ? "ridge regression" : "logistic regression"} as the linear model.`,
      repair: (i) =>
        replaceOp(i, wrong, right, (old) => {
          const name = old.params?.name ?? "linear";
          const weight = old.params?.weight ?? 1;
          return regression ? { name, weight, alpha: 10 } : { name, weight, C: 1 };
        }),
    },
  ];
};

const leakage: Rule = (facts, instruction) => {
  if (hasOp(instruction, "drop_leakage")) return [];
  const { trainOnly, idLike, constant, blankInTest } = facts.columns;
  const repair = (i: Instruction) => addOp(i, "drop_leakage");
  const found: Finding[] = [];
  if (trainOnly.length) {
    found.push({
      rule: "leakage",
      severity: "critical",
      issue: `${list(trainOnly)} exist only in the training file: recorded with or derived from ${facts.profile.labelColumn}, they are unknown at prediction time and leak the target.`,
      fix: `Drop ${list(trainOnly)} before training.`,
      repair,
    });
  }
  if (blankInTest.length) {
    found.push({
      rule: "leakage",
      severity: "critical",
      issue: `${list(blankInTest)} are filled in the training rows but blank in the test rows: a model trained on them meets only missing values at prediction time.`,
      fix: `Drop ${list(blankInTest)} from the features (lags of the target may be rebuilt from the training target at horizon-safe distances).`,
      repair,
    });
  }
  const ids = idLike.filter((c) => !facts.columns.datetime.includes(c));
  if (ids.length || constant.length) {
    found.push({
      rule: "leakage",
      severity: trainOnly.length ? "minor" : "major",
      issue: `${list([...ids, ...constant])} would enter the model as features (row identifiers or constants carry no signal and invite overfitting).`,
      fix: `Drop ${list([...ids, ...constant])} from the features.`,
      repair,
    });
  }
  return found;
};

const columnKinds: Rule = (facts, instruction) => {
  const c = facts.columns;
  const found: Finding[] = [];
  if (c.text.length && !hasOp(instruction, "text_tfidf")) {
    found.push({
      rule: "unhandled-columns",
      severity: "major",
      issue: `The free-text column(s) ${list(c.text)} are never vectorised, so the main signal is ignored.`,
      fix: "Add TF-IDF features of the text (with an SVD summary for tree models) and a linear model that uses them.",
      repair: (i) => {
        const withText = addOp(i, "text_tfidf", { tree_svd: hasOp(i, ...LINEAR_MODEL_OPS) ? 0 : 50 });
        return hasOp(withText, ...LINEAR_MODEL_OPS) ? withText : addOp(withText, linearOp(facts), { name: "linear", weight: 1 });
      },
    });
  } else if (
    c.text.length &&
    !hasOp(instruction, ...LINEAR_MODEL_OPS) &&
    stepsOf(instruction, "text_tfidf").every((s) => !s.params?.tree_svd)
  ) {
    found.push({
      rule: "unhandled-columns",
      severity: "major",
      issue: `TF-IDF vectors of ${list(c.text)} feed linear models only, and the instruction has none.`,
      fix: "Add a regularised linear model on the TF-IDF features to the blend.",
      repair: (i) => addOp(i, linearOp(facts), { name: "linear", weight: 1 }),
    });
  }
  if (c.datetime.length && !hasOp(instruction, "datetime_features")) {
    found.push({
      rule: "unhandled-columns",
      severity: "major",
      issue: `The datetime column(s) ${list(c.datetime)} are dropped unparsed, losing hour, weekday, season and trend.`,
      fix: "Derive calendar features and elapsed time from them.",
      repair: (i) => addOp(i, "datetime_features"),
    });
  }
  const categoricals = [...c.categorical, ...c.highCardinality];
  if (categoricals.length && !hasOp(instruction, "categorical_encoding")) {
    found.push({
      rule: "unhandled-columns",
      severity: "major",
      issue: `The categorical column(s) ${list(categoricals)} are never encoded, so models silently drop them.`,
      fix: "Encode categoricals (ordinal codes for trees, one-hot for linear models).",
      repair: (i) => addOp(i, "categorical_encoding"),
    });
  }
  const treeModels = models(instruction).some((s) => !LINEAR_MODEL_OPS.has(s.op ?? ""));
  const ordinalHigh = stepsOf(instruction, "categorical_encoding").some((s) => s.params?.high_cardinality_tree === "ordinal");
  if (c.highCardinality.length && treeModels && !hasOp(instruction, "string_parts", "frequency_encoding", "token_indicators")) {
    found.push({
      rule: "high-cardinality",
      severity: "minor",
      issue: ordinalHigh
        ? `Ordinal codes of the high-cardinality column(s) ${list(c.highCardinality)} are arbitrary and mostly unseen on test rows: trees overfit them.`
        : `The high-cardinality column(s) ${list(c.highCardinality)} give the tree models nothing.`,
      fix: "Add frequency encodings, split structured codes into parts and flag recurring words.",
      repair: (i) =>
        addOp(
          addOp(addOp(setParams(i, "categorical_encoding", { high_cardinality_tree: "drop" }), "string_parts"), "token_indicators"),
          "frequency_encoding",
        ),
    });
  }
  if (facts.flags.has("heavyMissing") && !hasOp(instruction, "missing_indicators")) {
    found.push({
      rule: "missing-values",
      severity: "minor",
      issue: "Several columns are heavily missing, and imputation alone hides whether a value was absent.",
      fix: "Add missing-value indicators next to the imputed columns.",
      repair: (i) => addOp(i, "missing_indicators"),
    });
  }
  return found;
};

const validation: Rule = (facts, instruction) => {
  const timed = facts.flags.has("timeOrdered");
  const scheme = timed ? "time_split_cv" : "kfold_cv";
  if (!opSteps(instruction).some((s) => VALIDATION_OPS.has(s.op ?? ""))) {
    return [
      {
        rule: "validation",
        severity: "major",
        issue: "The instruction has no validation, so it reports no honest score.",
        fix: timed ? "Validate with forward-chaining time splits." : "Validate with 5-fold cross-validation.",
        repair: (i) => addOp(i, scheme),
      },
    ];
  }
  if (timed && hasOp(instruction, "kfold_cv") && !hasOp(instruction, "time_split_cv")) {
    return [
      {
        rule: "time-order",
        severity: "major",
        issue: `Rows are ordered in time by ${facts.profile.timeColumn}, but shuffled k-fold trains on the future to score the past: the validation score is optimistic.`,
        fix: "Validate with forward-chaining splits in time order.",
        repair: (i) => replaceOp(i, "kfold_cv", "time_split_cv", (old) => ({ folds: old.params?.folds ?? 5 })),
      },
    ];
  }
  return [];
};

const targetScale: Rule = (facts, instruction) => {
  const f = facts.flags;
  if (!f.has("regression") || !f.has("nonNegativeTarget")) return [];
  const logged = hasOp(instruction, "target_transform");
  if (!logged && (f.has("logMetric") || (f.has("countTarget") && f.has("skewedTarget")))) {
    return [
      {
        rule: "target-scale",
        severity: f.has("logMetric") ? "major" : "minor",
        issue: f.has("logMetric")
          ? `${scoringMetric(facts.profile)} compares logarithms, but the models fit ${facts.profile.labelColumn} on its raw scale, weighting large values far too much.`
          : `${facts.profile.labelColumn} is a skewed count; raw-scale errors are dominated by the largest counts.`,
        fix: "Fit log1p of the target and map predictions back with expm1.",
        repair: (i) => addOp(i, "target_transform"),
      },
    ];
  }
  if (logged && !f.has("logMetric") && !f.has("skewedTarget")) {
    return [
      {
        rule: "target-scale",
        severity: "minor",
        issue: `A log target optimises relative error, while ${scoringMetric(facts.profile)} is on the raw scale and the target is not skewed.`,
        fix: "Fit the target on its own scale.",
        repair: (i) => ({ ...i, preprocessing: i.preprocessing.filter((s) => s.op !== "target_transform") }),
      },
    ];
  }
  return [];
};

const decisionRule: Rule = (facts, instruction) => {
  const f = facts.flags;
  const found: Finding[] = [];
  if (f.has("thresholdMetric") && facts.profile.submissionForm === "label" && !hasOp(instruction, "tune_threshold")) {
    found.push({
      rule: "decision-threshold",
      severity: "minor",
      issue: `${scoringMetric(facts.profile)} depends on the decision threshold, and 0.5 is rarely its best value.`,
      fix: "Tune the positive-class threshold on out-of-fold predictions.",
      repair: (i) => addOp(i, "tune_threshold"),
    });
  }
  const weighted = models(instruction).some((s) => s.params?.class_weight);
  if (f.has("imbalanced") && !weighted && !hasOp(instruction, "tune_threshold")) {
    found.push({
      rule: "imbalance",
      severity: "minor",
      issue: "The classes are imbalanced and nothing counters it, so the rare class is under-predicted.",
      fix: "Weight classes inversely to their frequency.",
      repair: (i) =>
        ["hist_gradient_boosting", "lightgbm", "logistic_regression", "random_forest", "extra_trees"].reduce(
          (acc, op) => setParams(acc, op, { class_weight: "balanced" }),
          i,
        ),
    });
  }
  return found;
};

const RULES: Rule[] = [outputForm, modelTaskType, leakage, columnKinds, validation, targetScale, decisionRule];

/** Every flaw the rules find in a candidate, most severe first. */
export function checkCandidate(facts: ProfileFacts, instruction: Instruction): Finding[] {
  const order = { critical: 0, major: 1, minor: 2 };
  return RULES.flatMap((rule) => rule(facts, instruction)).sort((a, b) => order[a.severity] - order[b.severity]);
}

/** What the candidate already does well for this task (the critique's strengths). */
export function strengthsOf(facts: ProfileFacts, instruction: Instruction): string[] {
  const f = facts.flags;
  const out: string[] = [];
  const families = new Set(models(instruction).map((s) => (LINEAR_MODEL_OPS.has(s.op ?? "") ? "linear" : "trees")));
  if (families.size > 1) out.push("Blends tree and linear models, whose errors differ.");
  if (f.has("text") && hasOp(instruction, "text_tfidf")) out.push("Vectorises the free text with TF-IDF.");
  if (f.has("timeOrdered") && hasOp(instruction, "time_split_cv")) out.push("Validates in time order.");
  if (f.has("logMetric") && hasOp(instruction, "target_transform")) out.push("Fits the log target the metric compares.");
  if (f.has("highCardinality") && hasOp(instruction, "string_parts", "frequency_encoding"))
    out.push("Turns high-cardinality strings into usable features.");
  if (f.has("datetime") && hasOp(instruction, "datetime_features")) out.push("Derives calendar features from timestamps.");
  if (hasOp(instruction, "tune_blend_weights")) out.push("Chooses blend weights by cross-validation.");
  if (hasOp(instruction, "keep_tied_members")) out.push("Averages the models cross-validation cannot tell apart.");
  return out;
}
