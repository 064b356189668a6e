import type { Instruction } from "../../types/instruction.js";
import { NoFixError, type FailureReport } from "../engine.js";
import { blockMark, FIXES_MARK } from "./coder/render.js";
import { LINEAR_MODEL_OPS, MODEL_OPS } from "./coder/registry.js";
import { addOp, hasOp, mapOp, replaceOp, setParams, stepsOf } from "./edit.js";
import type { ProfileFacts } from "./facts.js";

/** A known failure and its deterministic repair. */
interface FixKind {
  /** Id written into the script header. */
  id: string;
  /** Whether the failure text shows this kind. */
  matches(text: string): boolean;
  /** How often it may be applied in one run (each application shrinks further). */
  repeatable: number;
  /** The repair. */
  apply(instruction: Instruction, facts: ProfileFacts): Instruction;
}

const num = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);
const half = (value: unknown, fallback: number, floor: number) => Math.max(floor, Math.floor(num(value, fallback) / 2));

/** Sets parameters of an op's steps, adding the op's default step when the instruction lacks it. */
function ensureParams(instruction: Instruction, op: string, params: Record<string, unknown>): Instruction {
  return hasOp(instruction, op) ? setParams(instruction, op, params) : addOp(instruction, op, params);
}

/** Most training rows a shrunk script keeps: a file that does not fit whole rarely fits halved. */
const SHRUNK_ROWS = 200_000;

/** Halves rows (at most SHRUNK_ROWS, sampled while reading), trees and vocabulary; fewer folds. */
function shrink(instruction: Instruction, facts: ProfileFacts): Instruction {
  const rows = stepsOf(instruction, "load_data")[0]?.params?.max_rows;
  let out = ensureParams(instruction, "load_data", { max_rows: Math.min(SHRUNK_ROWS, half(rows, facts.trainRows, 200)) });
  out = mapOp(out, "xgboost", (s) => ({ ...s, params: { ...s.params, n_estimators: half(s.params?.n_estimators, 500, 50) } }));
  out = mapOp(out, "hist_gradient_boosting", (s) => ({ ...s, params: { ...s.params, max_iter: half(s.params?.max_iter, 100, 30) } }));
  out = mapOp(out, "lightgbm", (s) => ({ ...s, params: { ...s.params, n_estimators: half(s.params?.n_estimators, 300, 30) } }));
  for (const op of ["random_forest", "extra_trees"])
    out = mapOp(out, op, (s) => ({ ...s, params: { ...s.params, n_estimators: half(s.params?.n_estimators, 300, 50) } }));
  out = mapOp(out, "text_tfidf", (s) => ({
    ...s,
    params: { ...s.params, char_ngrams: 0, max_features: half(s.params?.max_features, 50000, 2000) },
  }));
  return ensureParams(out, hasOp(out, "time_split_cv") || facts.flags.has("timeOrdered") ? "time_split_cv" : "kfold_cv", { folds: 3 });
}

const KINDS: FixKind[] = [
  {
    id: "xgboost-unavailable",
    matches: (t) =>
      /No module named ['"]?xgboost|XGBoostError|xgboost[^\n]*(cannot|could not|failed to) load|Invalid classes inferred/i.test(t),
    repeatable: 1,
    apply: (i) =>
      replaceOp(i, "xgboost", "hist_gradient_boosting", (old) => ({
        name: old.params?.name ?? "xgb",
        weight: old.params?.weight ?? 1,
        max_iter: num(old.params?.n_estimators, 300),
        learning_rate: num(old.params?.learning_rate, 0.05),
        ...(old.params?.view ? { view: old.params.view } : {}),
      })),
  },
  {
    id: "out-of-memory",
    matches: (t) => /MemoryError|Unable to allocate|out of memory|bad_alloc|memory limit|limit: memory|signal SIGKILL|Killed/i.test(t),
    repeatable: 3,
    apply: shrink,
  },
  {
    id: "too-slow",
    matches: (t) => /wall[- ]?(clock )?limit|time limit|timed out|limit: (wall|cpu)|cpu limit/i.test(t),
    repeatable: 3,
    apply: shrink,
  },
  {
    id: "label-spelling",
    matches: (t) => /not valid classes|labels? (outside|not in)|unknown label/i.test(t),
    repeatable: 1,
    apply: (i) => setParams(i, "write_submission", { label_style: "train" }),
  },
  {
    id: "empty-vocabulary",
    matches: (t) => /empty vocabulary|max_df corresponds to < documents than min_df/i.test(t),
    repeatable: 1,
    apply: (i) => setParams(i, "text_tfidf", { min_df: 1, char_ngrams: 0 }),
  },
  {
    id: "no-tree-features",
    matches: (t) => /Found array with 0 feature\(s\)/i.test(t),
    repeatable: 1,
    apply: (i, facts) => {
      const linear = facts.profile.taskType === "regression" ? "ridge" : "logistic_regression";
      const trees = [...MODEL_OPS].filter((op) => !LINEAR_MODEL_OPS.has(op));
      return trees.reduce(
        (acc, op) => replaceOp(acc, op, linear, (old) => ({ name: old.params?.name ?? op, weight: old.params?.weight ?? 1 })),
        i,
      );
    },
  },
  {
    id: "too-few-rows-per-fold",
    matches: (t) => /n_splits=\d+ cannot be greater than|least populated class|Cannot have number of splits/i.test(t),
    repeatable: 1,
    apply: (i, facts) =>
      ensureParams(i, hasOp(i, "time_split_cv") || facts.flags.has("timeOrdered") ? "time_split_cv" : "kfold_cv", { folds: 2 }),
  },
];

/** Repairs already applied to a script, read from its header. */
function appliedFixes(code: string): string[] {
  const line = code.split("\n").find((l) => l.startsWith(FIXES_MARK));
  return line
    ? line
        .slice(FIXES_MARK.length)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** The next repair for a failed offline script: the instruction with every repair so far applied. */
export function nextRepair(
  facts: ProfileFacts,
  instruction: Instruction,
  code: string,
  failure: FailureReport,
): { instruction: Instruction; fixes: string[] } {
  if (!code.includes(blockMark("preprocessing")))
    throw new NoFixError("the offline fixer only repairs scripts rendered by the offline coder");
  const text = [failure.summary, failure.error, failure.stdoutTail].join("\n");
  const previous = appliedFixes(code);
  const kind = KINDS.find((k) => k.matches(text) && previous.filter((id) => id === k.id).length < k.repeatable);
  if (!kind) {
    const known = KINDS.find((k) => k.matches(text));
    const first = failure.summary.split("\n")[0] || failure.error.trim().split("\n").pop() || "unknown failure";
    throw new NoFixError(
      known
        ? `the "${known.id}" repair was already applied ${known.repeatable} time(s) and did not help: ${first}`
        : `no deterministic repair for this failure: ${first}`,
    );
  }
  const fixes = [...previous, kind.id];
  const repaired = fixes.reduce((acc, id) => {
    const fix = KINDS.find((k) => k.id === id);
    return fix ? fix.apply(acc, facts) : acc;
  }, instruction);
  return { instruction: repaired, fixes };
}
