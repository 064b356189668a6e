"""The suite's minimal reference scorer, verbatim from shared/tasks/README.md ("How to grade").

Reads a JSON list of [task_dir, submission_csv] pairs on stdin and prints the list of scores.
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn import metrics


def score(task_dir, submission_csv):
    t = json.load(open(f"{task_dir}/task.json"))
    ans = pd.read_csv(f"{task_dir}/private/answers.csv", dtype=str)
    sub = pd.read_csv(submission_csv, dtype=str).set_index(t["id_column"]).loc[ans[t["id_column"]]]
    col, m = t["target_columns"][0], t["metric"]
    norm = lambda s: s.str.strip() if not t.get("classes") or isinstance(t["classes"][0], str) else \
        s.map(lambda v: str(v).lower() in ("true", "1", "1.0") if isinstance(t["classes"][0], bool) else str(int(float(v))))
    if m in ("accuracy", "f1", "macro_f1", "micro_f1"):
        y, p = norm(ans[col]).to_numpy(), norm(sub[col]).to_numpy()
        if m == "accuracy":
            return metrics.accuracy_score(y, p)
        if m == "f1":
            return metrics.f1_score(y, p, pos_label=norm(pd.Series([t["positive_class"]]))[0])
        return metrics.f1_score(y, p, average=m.split("_")[0])
    if m == "auc":
        return metrics.roc_auc_score(ans[col] == str(t["positive_class"]), sub[col].astype(float))
    if m == "logloss":
        P = sub[t["target_columns"]].astype(float).to_numpy()
        P = np.clip(P / P.sum(1, keepdims=True), 1e-15, 1 - 1e-15)
        return metrics.log_loss(ans[t["target_columns"]].astype(float).to_numpy().argmax(1), P / P.sum(1, keepdims=True),
                                labels=list(range(P.shape[1])))
    y, p = ans[col].astype(float).to_numpy(), sub[col].astype(float).to_numpy()
    if t.get("metric_transform") == "log":
        y, p = np.log(y), np.log(p)
    if m == "rmse":
        return metrics.mean_squared_error(y, p) ** 0.5
    if m == "rmsle":
        return metrics.mean_squared_log_error(y, p) ** 0.5
    return metrics.mean_absolute_error(y, p)


print(json.dumps([float(score(task_dir, submission)) for task_dir, submission in json.load(sys.stdin)]))
