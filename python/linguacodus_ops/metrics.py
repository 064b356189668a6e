"""The task's metric as ``score(y_true, pred)``, on probabilities or model-scale predictions."""
import numpy as np
from sklearn import metrics as skm

from .runtime import op

HIGHER_IS_BETTER = {"accuracy": True, "f1": True, "precision": True, "recall": True, "macro_f1": True, "micro_f1": True,
                    "weighted_f1": True, "auc": True, "logloss": False, "rmse": False, "rmsle": False, "log_rmse": False,
                    "mae": False, "mape": False, "r2": True}


def regression_metric(name):
    """A metric of actual and predicted values on the target's own scale."""
    if name == "rmse":
        return lambda a, p: float(np.sqrt(skm.mean_squared_error(a, p)))
    if name == "rmsle":
        return lambda a, p: float(np.sqrt(np.mean((np.log1p(np.clip(p, 0, None)) - np.log1p(np.clip(a, 0, None))) ** 2)))
    if name == "log_rmse":
        return lambda a, p: float(np.sqrt(np.mean((np.log(np.clip(p, 1e-9, None)) - np.log(np.clip(a, 1e-9, None))) ** 2)))
    if name == "mae":
        return skm.mean_absolute_error
    if name == "mape":
        return skm.mean_absolute_percentage_error
    if name == "r2":
        return skm.r2_score
    raise ValueError(f"unknown regression metric {name!r}")


@op(needs=("is_classifier", "classes", "pos_index", "to_labels", "to_original_scale"), defines=("score", "higher_is_better", "metric"))
def set_metric(s, metric="accuracy"):
    """Defines ``score(y_true, pred)`` for the task's metric (pred: class probabilities or transformed values)."""
    s.metric = metric
    s.higher_is_better = HIGHER_IS_BETTER[metric]
    if not s.is_classifier:
        measure = regression_metric(metric)
        s.score = lambda y_true, pred: measure(s.to_original_scale(y_true), s.to_original_scale(pred))
        return
    binary = len(s.classes) == 2
    labels = list(range(len(s.classes)))

    def score(y_true, pred):
        if metric == "accuracy":
            return skm.accuracy_score(y_true, s.to_labels(pred))
        if metric in ("f1", "precision", "recall"):
            fn = {"f1": skm.f1_score, "precision": skm.precision_score, "recall": skm.recall_score}[metric]
            if binary:
                return fn(y_true == s.pos_index, s.to_labels(pred) == s.pos_index)
            return fn(y_true, s.to_labels(pred), average="macro")
        if metric in ("macro_f1", "micro_f1", "weighted_f1"):
            return skm.f1_score(y_true, s.to_labels(pred), average=metric.split("_")[0])
        if metric == "auc":
            if binary:
                return skm.roc_auc_score(y_true == s.pos_index, pred[:, s.pos_index])
            return skm.roc_auc_score(y_true, pred, multi_class="ovr", labels=labels)
        if metric == "logloss":
            proba = np.clip(pred, 1e-15, 1 - 1e-15)
            return skm.log_loss(y_true, proba / proba.sum(axis=1, keepdims=True), labels=labels)
        raise ValueError(f"metric {metric!r} does not apply to a classification")

    s.score = score
