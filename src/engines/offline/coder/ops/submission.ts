import { z } from "zod";
import { SUBMISSION_FILE } from "../../../../tools/task/script-contract.js";
import type { DataProfile, SubmissionForm } from "../../../../types/profile.js";
import { defineOp, rendered } from "../op-spec.js";
import { pyStr } from "../python.js";
import { names } from "../details.js";

/** The form actually written: the requested one when the task allows it, else the profile's. */
export function effectiveForm(profile: DataProfile, requested: SubmissionForm): SubmissionForm {
  const p = profile;
  if (p.taskType === "regression") return "value";
  if (p.submissionForm === "class_probabilities") return p.submissionForm;
  if (requested === "value") return p.submissionForm;
  if (requested === "probability" && p.taskType !== "binary") return p.submissionForm;
  if (requested === "class_probabilities" && p.targetColumns.length < 2) return p.submissionForm;
  return requested;
}

const ROWS = [
  `def id_key(value):`,
  `    """An id's spelling for matching: trimmed, 892.0 -> 892."""`,
  `    text = str(value).strip()`,
  `    try:`,
  `        number = float(text)`,
  `    except ValueError:`,
  `        return text`,
  `    return str(int(number)) if number.is_integer() else text`,
  ``,
  ``,
  `# Rows: the sample submission's ids and order when they match the test ids, else the test file's`,
  `ORDER = np.arange(len(test))`,
  `submission = pd.DataFrame({ID_COL: test[ID_COL].to_numpy()}) if ID_COL in test.columns else pd.DataFrame(index=ORDER)`,
  `if ID_COL and ID_COL not in test.columns and sample is not None and len(sample) == len(test):`,
  `    submission = pd.DataFrame({ID_COL: sample[ID_COL].to_numpy()})  # the test file has no ids: the sample's, in row order`,
  `elif sample is not None and ID_COL in sample.columns and ID_COL in test.columns:`,
  `    position = pd.Series(np.arange(len(test)), index=test[ID_COL].map(id_key))`,
  `    rows = position[~position.index.duplicated()].reindex(sample[ID_COL].map(id_key))`,
  `    if rows.notna().all() and len(rows) == len(test):`,
  `        ORDER = rows.to_numpy(dtype=int)`,
  `        submission = pd.DataFrame({ID_COL: sample[ID_COL].to_numpy()})`,
  `    else:`,
  `        print("warning: sample-submission ids differ from the test ids; rows follow the test file")`,
];

const SPELLING = [
  `def spell_like_sample(labels):`,
  `    """Spells labels as the sample submission does (True/False case, 0/1 vs 0.0/1.0); others as in train."""`,
  `    shown = [] if sample is None else [v.strip() for v in sample[TARGET_COLS[0]] if v.strip()]`,
  `    keys = {canon(label) for label in CLASSES}`,
  `    if shown and all(v.lower() in ("true", "false") for v in shown) and keys <= {"true", "false", "1", "0"}:`,
  `        case = str.upper if shown[0].isupper() else str.lower if shown[0].islower() else str.capitalize`,
  `        return np.array([case("true" if canon(v) in ("true", "1") else "false") for v in labels], dtype=object)`,
  `    numeric = all(re.fullmatch(r"-?\\d+(\\.\\d+)?", k) for k in keys)`,
  `    if shown and numeric and all(re.fullmatch(r"-?\\d+", v) for v in shown):`,
  `        return np.array([canon(v) for v in labels], dtype=object)`,
  `    if shown and numeric and all(re.fullmatch(r"-?\\d+\\.\\d+", v) for v in shown):`,
  `        return np.array([str(float(v)) for v in labels], dtype=object)`,
  `    return np.asarray(labels, dtype=object)`,
];

/** Lines filling the target column(s) of `submission` in the given form. */
function formLines(form: SubmissionForm, labelStyle: "sample" | "train"): string[] {
  switch (form) {
    case "label":
      return [
        ...(labelStyle === "sample" ? [``, ``, ...SPELLING, ``, ``] : []),
        `labels = np.array(CLASSES, dtype=object)[to_labels(TEST_PRED)]`,
        labelStyle === "sample"
          ? `submission[TARGET_COLS[0]] = spell_like_sample(labels)[ORDER]`
          : `submission[TARGET_COLS[0]] = labels[ORDER]  # spelled exactly as in the training file`,
      ];
    case "probability":
      return [`submission[TARGET_COLS[0]] = np.clip(TEST_PRED[ORDER, POS_INDEX], 1e-6, 1 - 1e-6)`];
    case "class_probabilities":
      return [
        `columns_of_classes = []`,
        `for col in TARGET_COLS:`,
        `    match = [i for i, c in enumerate(CLASSES) if c == col] or [i for i, c in enumerate(CLASSES) if canon(c) == canon(col)]`,
        `    columns_of_classes.append(TEST_PRED[ORDER, match[0]] if match else np.zeros(len(ORDER)))`,
        `probabilities = np.clip(np.column_stack(columns_of_classes), 1e-6, 1.0)`,
        `probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)  # rows sum to 1`,
        `for j, col in enumerate(TARGET_COLS):`,
        `    submission[col] = probabilities[:, j]`,
      ];
    case "value":
      return [
        `values = to_original_scale(TEST_PRED)`,
        `values = np.where(np.isfinite(values), values, np.nanmedian(y_raw))`,
        `if np.nanmin(y_raw) >= 0:  # a non-negative target: no negative predictions (half the smallest if all positive)`,
        `    values = np.clip(values, 0.5 * np.nanmin(y_raw), None)`,
        `submission[TARGET_COLS[0]] = values[ORDER]`,
      ];
  }
}

/** Predicts the test rows with the blend and writes submission.csv like the sample submission. */
export const writeSubmission = defineOp({
  op: "write_submission",
  section: "submission",
  phase: 0,
  tag: "Data_Export",
  library: "pandas",
  text: "Predict the test rows with the blend and write submission.csv with the sample submission's id column, id order and columns.",
  needs: [],
  detail: (f) => names([f.profile.idColumn ?? "(row order)", ...f.profile.targetColumns]),
  params: z
    .object({
      form: z.enum(["label", "probability", "class_probabilities", "value"]).default("label"),
      label_style: z.enum(["sample", "train"]).default("sample"),
    })
    .strict(),
  render(ctx, p) {
    const form = effectiveForm(ctx.facts.profile, p.form);
    const note = form === p.form ? [] : [`# The task needs the "${form}" form: written instead of "${p.form}".`];
    return rendered(
      [],
      [
        `TEST_PRED = blend({name: predict_scores(model, X_test) for name, model in MODELS.items()})`,
        ``,
        ``,
        ...ROWS,
        ...note,
        ...formLines(form, p.label_style),
        `columns = list(sample.columns) if sample is not None else ([ID_COL] if ID_COL else []) + TARGET_COLS`,
        `submission[columns].to_csv(${pyStr(SUBMISSION_FILE)}, index=False)`,
        `print(f"wrote ${SUBMISSION_FILE}: {len(submission)} rows, columns {columns}")`,
      ],
    );
  },
});
