import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeCsv } from "../../../src/tools/task/csv.js";
import { seeded } from "../../metrics/random.js";

/** Marker text in each tiny task's description, so a mock model can tell the tasks apart. */
export const MARKERS = { "tiny-cls": "TINY-CLS-TASK", "tiny-reg": "TINY-REG-TASK" } as const;

/** A generic solution for both tiny tasks: logistic regression for few target values, else linear regression. */
export const GENERIC_SCRIPT = [
  "import pandas as pd",
  "from sklearn.linear_model import LinearRegression, LogisticRegression",
  "train = pd.read_csv('input/train.csv')",
  "test = pd.read_csv('input/test.csv')",
  "sample = pd.read_csv('input/sample_submission.csv')",
  "id_col, target = sample.columns[0], sample.columns[1]",
  "features = [c for c in test.columns if c != id_col]",
  "y = train[target]",
  "model = LogisticRegression() if y.nunique() <= 10 else LinearRegression()",
  "model.fit(train[features], y)",
  "sample[target] = model.predict(test[features])",
  "sample.to_csv('submission.csv', index=False)",
  "print('VALIDATION_SCORE: 0.9')",
].join("\n");

/**
 * Writes a two-task suite in the shared format under `root`: tiny-cls (binary, accuracy) and
 * tiny-reg (regression, RMSE), each with public/{description.md,train.csv,test.csv,
 * sample_submission.csv}, private/answers.csv and task.json. Returns the suite directory.
 */
export function writeTinySuite(root: string): string {
  const random = seeded(11);
  const suite = join(root, "suite");
  const x = () => Math.round(random() * 1000) / 1000;
  writeTask(suite, "tiny-cls", {
    spec: {
      task_type: "binary",
      metric: "accuracy",
      higher_is_better: true,
      target_columns: ["label"],
      label_column: "label",
      classes: [0, 1],
    },
    rows: () => {
      const [a, b] = [x(), x()];
      return { features: [String(a), String(b)], target: a + b > 1 ? "1" : "0" };
    },
    features: ["x1", "x2"],
    target: "label",
    constant: "0",
  });
  writeTask(suite, "tiny-reg", {
    spec: { task_type: "regression", metric: "rmse", higher_is_better: false, target_columns: ["y"], label_column: "y" },
    rows: () => {
      const a = x();
      return { features: [String(a)], target: (3 * a + 1 + (random() - 0.5) * 0.1).toFixed(4) };
    },
    features: ["x"],
    target: "y",
    constant: "2.5",
  });
  return suite;
}

/** How one tiny task is generated. */
interface TinyTask {
  spec: Record<string, unknown>;
  rows: () => { features: string[]; target: string };
  features: string[];
  target: string;
  constant: string;
}

function writeTask(suite: string, id: keyof typeof MARKERS, task: TinyTask): void {
  const dir = join(suite, id);
  mkdirSync(join(dir, "public"), { recursive: true });
  mkdirSync(join(dir, "private"), { recursive: true });
  const all = Array.from({ length: 110 }, (_, i) => ({ id: String(i), ...task.rows() }));
  const train = all.slice(0, 80);
  const test = all.slice(80);
  const pub = (name: string, header: string[], rows: string[][]) => writeFileSync(join(dir, "public", name), writeCsv(header, rows));
  pub(
    "train.csv",
    ["id", ...task.features, task.target],
    train.map((r) => [r.id, ...r.features, r.target]),
  );
  pub(
    "test.csv",
    ["id", ...task.features],
    test.map((r) => [r.id, ...r.features]),
  );
  pub(
    "sample_submission.csv",
    ["id", task.target],
    test.map((r) => [r.id, task.constant]),
  );
  writeFileSync(
    join(dir, "private", "answers.csv"),
    writeCsv(
      ["id", task.target],
      test.map((r) => [r.id, r.target]),
    ),
  );
  writeFileSync(
    join(dir, "public", "description.md"),
    `# ${id}\n\n${MARKERS[id]}. Predict \`${task.target}\` of test.csv from ${task.features.join(", ")}.\n\n` +
      `## Data\n\n- train.csv: id, ${task.features.join(", ")}, ${task.target}\n- test.csv: id, ${task.features.join(", ")}\n\n` +
      `## Evaluation\n\n${String(task.spec.metric)}\n\n## Submission\n\nid,${task.target} for every test row (see sample_submission.csv).\n`,
  );
  writeFileSync(join(dir, "task.json"), JSON.stringify({ id, name: id, id_column: "id", ...task.spec }, null, 2));
}
