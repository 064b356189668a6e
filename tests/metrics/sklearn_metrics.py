"""Reads metric cases as JSON on stdin and prints scikit-learn's value of each as a JSON list."""
import json
import sys

import numpy as np
from sklearn import metrics


def value(case):
    kind, y, p = case["metric"], case["truth"], case["prediction"]
    if kind == "accuracy":
        return metrics.accuracy_score(y, p)
    if kind in ("precision", "recall", "f1"):
        fn = {"precision": metrics.precision_score, "recall": metrics.recall_score, "f1": metrics.f1_score}[kind]
        extra = {"pos_label": case["posLabel"]} if case["average"] == "binary" else {}
        return fn(y, p, average=case["average"], zero_division=0, **extra)
    if kind == "roc_auc":
        return metrics.roc_auc_score(y, p)
    if kind == "roc_auc_ovr":
        return metrics.roc_auc_score(y, np.array(p), multi_class="ovr", average="macro", labels=case["classes"])
    if kind == "log_loss":
        # The suite's reference scorer: divide by the row sum, clip, divide again.
        P = np.array(p, dtype=float)
        P = np.clip(P / P.sum(1, keepdims=True), 1e-15, 1 - 1e-15)
        return metrics.log_loss(y, P / P.sum(1, keepdims=True), labels=list(range(P.shape[1])))
    if kind == "binary_log_loss":
        P = np.array(p, dtype=float)
        P = np.stack([1 - P, P], 1)
        P = np.clip(P / P.sum(1, keepdims=True), 1e-15, 1 - 1e-15)
        return metrics.log_loss(np.array(y, dtype=int), P / P.sum(1, keepdims=True), labels=[0, 1])
    y, p = np.array(y, dtype=float), np.array(p, dtype=float)
    if kind == "rmse":
        return metrics.mean_squared_error(y, p) ** 0.5
    if kind == "rmsle":
        return metrics.mean_squared_log_error(y, p) ** 0.5
    if kind == "log_rmse":
        return metrics.mean_squared_error(np.log(y), np.log(p)) ** 0.5
    if kind == "mae":
        return metrics.mean_absolute_error(y, p)
    if kind == "mape":
        return metrics.mean_absolute_percentage_error(y, p)
    if kind == "r2":
        return metrics.r2_score(y, p)
    raise ValueError(f"unknown metric {kind}")


print(json.dumps([float(value(case)) for case in json.load(sys.stdin)]))
