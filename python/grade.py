"""Grades a submission against a benchmark task's private answers (the tasks README's rules).

Usage: python3 grade.py <task-dir> <submission.csv>
Prints one JSON line: {"task", "metric", "score", "higher_is_better", "valid", "error"}.
Used by bench/offline.ts only; solvers never see private/.
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn import metrics

LABEL_METRICS = ("accuracy", "f1", "macro_f1", "micro_f1")


def id_key(value):
    """Ids match as text; 892 and 892.0 are the same id."""
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def label_key(task, value):
    """A label in the type of the task's classes: 1/1.0/"1" one int class, True/true/TRUE one bool class."""
    kind = task["classes"][0]
    text = str(value).strip()
    if isinstance(kind, bool):
        return {"true": True, "1": True, "1.0": True, "false": False, "0": False, "0.0": False}.get(text.lower(), text)
    if isinstance(kind, (int, float)):
        try:
            return int(float(text))
        except ValueError:
            return text
    return text


def check(task, answers, sub):
    """Aligns the submission to the answers on the id column; raises ValueError naming the first problem."""
    id_col, targets, m = task["id_column"], task["target_columns"], task["metric"]
    expected = [id_col] + targets
    if sorted(sub.columns) != sorted(expected):
        raise ValueError(f"columns {list(sub.columns)} differ from {expected}")
    sub = sub.assign(_key=sub[id_col].map(id_key))
    if sub["_key"].duplicated().any():
        raise ValueError("duplicate ids")
    want = answers[id_col].map(id_key)
    missing = set(want) - set(sub["_key"])
    unknown = set(sub["_key"]) - set(want)
    if missing or unknown:
        raise ValueError(f"{len(missing)} missing and {len(unknown)} unknown ids")
    sub = sub.set_index("_key").loc[want]
    for col in targets:
        if sub[col].isna().any() or (sub[col].astype(str).str.strip() == "").any():
            raise ValueError(f"empty values in {col}")
    if m in LABEL_METRICS:
        allowed = {label_key(task, c) for c in task["classes"]}
        bad = [v for v in sub[targets[0]] if label_key(task, v) not in allowed]
        if bad:
            raise ValueError(f"labels outside classes, e.g. {bad[:3]}")
        return sub
    values = sub[targets].apply(pd.to_numeric, errors="coerce")
    if values.isna().any().any():
        raise ValueError("non-numeric predictions")
    if m in ("auc", "logloss") and ((values < 0) | (values > 1)).any().any():
        raise ValueError("probabilities outside [0, 1]")
    if m == "rmsle" and (values < 0).any().any():
        raise ValueError("negative predictions for rmsle")
    if task.get("metric_transform") == "log" and (values <= 0).any().any():
        raise ValueError("non-positive predictions under a log transform")
    return sub


def score(task, answers, sub):
    """The task's metric on aligned rows (scikit-learn)."""
    col, m = task["target_columns"][0], task["metric"]
    if m in LABEL_METRICS:
        y = answers[col].map(lambda v: label_key(task, v)).astype(str).to_numpy()
        p = sub[col].map(lambda v: label_key(task, v)).astype(str).to_numpy()
        if m == "accuracy":
            return metrics.accuracy_score(y, p)
        if m == "f1":
            return metrics.f1_score(y, p, pos_label=str(label_key(task, task["positive_class"])))
        return metrics.f1_score(y, p, average=m.split("_")[0])
    if m == "auc":
        truth = answers[col].map(lambda v: label_key(task, v)) == label_key(task, task["positive_class"])
        return metrics.roc_auc_score(truth, sub[col].astype(float))
    if m == "logloss":
        cols = task["target_columns"]
        p = sub[cols].astype(float).to_numpy()
        p = np.clip(p / p.sum(1, keepdims=True), 1e-15, 1 - 1e-15)
        truth = answers[cols].astype(float).to_numpy().argmax(1)
        return metrics.log_loss(truth, p / p.sum(1, keepdims=True), labels=list(range(p.shape[1])))
    y, p = answers[col].astype(float).to_numpy(), sub[col].astype(float).to_numpy()
    if task.get("metric_transform") == "log":
        y, p = np.log(y), np.log(p)
    if m == "rmse":
        return metrics.mean_squared_error(y, p) ** 0.5
    if m == "rmsle":
        return metrics.mean_squared_log_error(y, p) ** 0.5
    return metrics.mean_absolute_error(y, p)


def main(task_dir, submission_csv):
    task = json.load(open(f"{task_dir}/task.json"))
    out = {"task": task["id"], "metric": task["metric"], "score": None, "higher_is_better": task["higher_is_better"], "valid": False, "error": None}
    try:
        answers = pd.read_csv(f"{task_dir}/private/answers.csv", dtype=str, keep_default_na=False)
        sub = pd.read_csv(submission_csv, dtype=str, keep_default_na=False)
        aligned = check(task, answers, sub.replace("", np.nan))
        out.update(score=float(score(task, answers, aligned)), valid=True)
    except (ValueError, KeyError, OSError, pd.errors.ParserError) as error:
        out["error"] = str(error)
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: grade.py <task-dir> <submission.csv>", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
