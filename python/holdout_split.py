"""Splits a task's training file into fit and holdout parts the harness scores solutions on.

usage: holdout_split.py <task-dir> <out-dir> <spec.json>

The spec (written by src/tools/task/holdout.ts from the data profile) names the training and test
files, the id, label and target columns, the submission form, the classes, the time column, the
metric and the seed. For every split i the script writes

  <out-dir>/split-<i>/public/   train.csv (fit rows), test.csv (holdout rows, columns of the real
                                test file), sample_submission.csv, description.md and the task's
                                other public files: what a validation run sees as its input/
  <out-dir>/split-<i>/private/answers.csv and <out-dir>/split-<i>/task.json: what the harness
                                grades with; never given to a script
  <out-dir>/plan.json           the kind of split, its sizes and seed

Classification splits are stratified; a time-ordered table holds out its latest rows; a table of
fewer than SMALL_ROWS rows gets K_FOLDS folds instead of one holdout (a single holdout is noise).
"""

import csv
import json
import os
import shutil
import sys

import numpy as np
import pandas as pd

HOLDOUT_FRACTION = 0.2
SMALL_ROWS = 1000
K_FOLDS = 3
# The metric names task.json uses (the bench grader's), from the profiler's names.
SPEC_METRIC = {"log_rmse": "rmse"}


def read_table(path):
    """Reads a data file as text cells (values are written back as they were), delimiter sniffed."""
    with open(path, newline="", errors="replace") as handle:
        head = handle.read(1 << 16)
    try:
        sep = csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
    except csv.Error:
        sep = ","
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)


def split_indices(frame, spec, seed):
    """The (kind, [(fit_index, holdout_index), ...]) splits of the training rows."""
    n = len(frame)
    rng = np.random.default_rng(seed)
    label = spec["labelColumn"]
    time_column = spec.get("timeColumn")
    if time_column and time_column in frame.columns:
        order = pd.to_datetime(frame[time_column], errors="coerce").argsort(kind="stable").to_numpy()
        cut = int(round(n * (1 - HOLDOUT_FRACTION)))
        return "time", [(np.sort(order[:cut]), np.sort(order[cut:]))]
    classes = spec.get("classes")
    folds = K_FOLDS if n < SMALL_ROWS else 1
    if classes:
        groups = [np.flatnonzero(frame[label].to_numpy() == c) for c in pd.unique(frame[label])]
    else:
        groups = [np.arange(n)]
    assignment = np.empty(n, dtype=int)
    for members in groups:
        shuffled = rng.permutation(members)
        if folds > 1:
            assignment[shuffled] = np.arange(len(shuffled)) % folds
        else:
            take = int(round(len(shuffled) * HOLDOUT_FRACTION)) if len(shuffled) > 1 else 0
            assignment[shuffled] = 1
            assignment[shuffled[:take]] = 0
    kind = ("stratified-" if classes else "") + ("kfold" if folds > 1 else "holdout")
    if folds > 1:
        return kind, [(np.flatnonzero(assignment != f), np.flatnonzero(assignment == f)) for f in range(folds)]
    return kind, [(np.flatnonzero(assignment == 1), np.flatnonzero(assignment == 0))]


def answers_frame(holdout, ids, spec):
    """The true values of the holdout rows in the submission's columns (one-hot for class probabilities)."""
    label = spec["labelColumn"]
    out = pd.DataFrame({spec["idColumn"]: ids})
    if spec["submissionForm"] == "class_probabilities":
        for column in spec["targetColumns"]:
            out[column] = (holdout[label].to_numpy() == column).astype(int)
    else:
        out[spec["targetColumns"][0]] = holdout[label].to_numpy()
    return out


def typed_class(value):
    """A class label in its JSON type, as task.json writes it (integers and booleans unquoted)."""
    try:
        if str(int(value)) == value:
            return int(value)
    except ValueError:
        pass
    if value in ("True", "False", "true", "false"):
        return value.lower() == "true"
    return value


def task_spec(spec, split_id):
    """task.json of a split: what the grader needs."""
    metric = spec.get("metric") or spec["defaultMetric"]
    out = {
        "id": split_id,
        "task_type": spec["taskType"],
        "metric": SPEC_METRIC.get(metric, metric),
        "higher_is_better": spec["higherIsBetter"],
        "id_column": spec["idColumn"],
        "target_columns": spec["targetColumns"],
        "label_column": spec["labelColumn"],
    }
    if metric == "log_rmse":
        out["metric_transform"] = "log"
    if spec.get("classes") and spec["submissionForm"] != "class_probabilities":
        out["classes"] = [typed_class(c) for c in spec["classes"]]
    if spec.get("positiveClass") is not None:
        out["positive_class"] = typed_class(spec["positiveClass"])
    return out


def place(source, target):
    """Links a public file into a split (a copy where the file system refuses hard links)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_split(task_dir, out_dir, index, train, test_columns, fit, holdout, spec, sample_row):
    """Writes split-<index>: public/ (what a validation run sees) and private/ + task.json (what grades it)."""
    root = os.path.join(out_dir, f"split-{index}")
    public = os.path.join(root, "public")
    private = os.path.join(root, "private")
    os.makedirs(public)
    os.makedirs(private)
    id_column = spec["idColumn"]
    fit_rows, holdout_rows = train.iloc[fit], train.iloc[holdout]
    if id_column in train.columns:
        ids = holdout_rows[id_column].to_numpy()
    else:
        ids = np.arange(len(holdout_rows))
    test = pd.DataFrame({c: holdout_rows[c].to_numpy() for c in test_columns if c in train.columns and c != id_column})
    if id_column in test_columns:
        test.insert(0, id_column, ids)
    test = test[[c for c in test_columns if c in test.columns]]
    fit_rows.to_csv(os.path.join(public, spec["trainFile"]), index=False)
    test.to_csv(os.path.join(public, spec["testFile"]), index=False)
    sample = pd.DataFrame({id_column: ids})
    for column in spec["targetColumns"]:
        sample[column] = sample_row.get(column, "0")
    sample.to_csv(os.path.join(public, spec["sampleSubmissionFile"]), index=False)
    answers_frame(holdout_rows, ids, spec).to_csv(os.path.join(private, "answers.csv"), index=False)
    with open(os.path.join(root, "task.json"), "w") as handle:
        json.dump(task_spec(spec, f"holdout-{index}"), handle, indent=2)
    written = {spec["trainFile"], spec["testFile"], spec["sampleSubmissionFile"]}
    for name in os.listdir(task_dir):
        source = os.path.join(task_dir, name)
        if name not in written and os.path.isfile(source):
            place(source, os.path.join(public, name))
    return {"dir": root, "fitRows": len(fit_rows), "holdoutRows": len(holdout_rows)}


def main(task_dir, out_dir, spec_path):
    with open(spec_path) as handle:
        spec = json.load(handle)
    train = read_table(os.path.join(task_dir, spec["trainFile"]))
    test_columns = list(read_table(os.path.join(task_dir, spec["testFile"])).columns)
    sample = read_table(os.path.join(task_dir, spec["sampleSubmissionFile"]))
    sample_row = sample.iloc[0].to_dict() if len(sample) else {}
    kind, splits = split_indices(train, spec, spec.get("seed", 0))
    os.makedirs(out_dir, exist_ok=True)
    written = [
        write_split(task_dir, out_dir, i + 1, train, test_columns, fit, holdout, spec, sample_row)
        for i, (fit, holdout) in enumerate(splits)
    ]
    plan = {"kind": kind, "seed": spec.get("seed", 0), "rows": len(train), "fraction": HOLDOUT_FRACTION, "splits": written}
    with open(os.path.join(out_dir, "plan.json"), "w") as handle:
        json.dump(plan, handle, indent=2)
    print(json.dumps(plan))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
