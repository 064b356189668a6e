"""Validation: out-of-fold predictions within the budget, blend weights and thresholds chosen by the holdout score."""
import time

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import TimeSeriesSplit

from .encoders import fold_splitter
from .runtime import log, op, write_metrics

def predict_scores(s, model, rows):
    """Class probabilities in class order (a fold may lack a class), or predictions on the model's target scale."""
    if not s.is_classifier:
        return np.asarray(model.predict(rows), dtype=float)
    proba = model.predict_proba(rows)
    aligned = np.zeros((rows.shape[0], len(s.classes)))
    aligned[:, np.asarray(model.classes_, dtype=int)] = proba
    return aligned


def blend(s, predictions):
    """Weighted average of the members' predictions (s.weights)."""
    total = sum(s.weights[name] for name in predictions)
    return sum(s.weights[name] * pred for name, pred in predictions.items()) / total


def signed(s, value):
    """A score made higher-is-better."""
    return value if s.higher_is_better else -value


def out_of_fold(s):
    """Scores every member on the splits; a member whose folds would not fit the budget is dropped (or the folds cut)."""
    s.oof, pending = {}, 0.0
    for name in list(s.models):
        member = s.models[name]
        X, _ = s.views(member["view"])
        pred = np.zeros((s.n_train, len(s.classes))) if s.is_classifier else np.zeros(s.n_train)
        started = time.time()
        dropped = False
        for f, (fit_rows, valid_rows) in enumerate(list(s.splits)):
            fitted = clone(member["estimator"]).fit(X[fit_rows], s.y[fit_rows])
            pred[valid_rows] = predict_scores(s, fitted, X[valid_rows])
            if f > 0:
                continue
            per_fold = time.time() - started
            full_fit = per_fold * (s.n_train / max(1, len(fit_rows))) ** 1.1
            rest = per_fold * (len(s.splits) - 1)
            if s.budget.fits(rest + full_fit + pending):
                continue
            if s.oof:
                log(f"{name}: dropped, its folds would need {rest + full_fit:.0f} s of the {s.budget.left():.0f} s left")
                dropped = True
                break
            if len(s.splits) > 1:
                log(f"{name}: validating on one fold only, {len(s.splits)} folds would need {rest + full_fit:.0f} s")
                s.splits = s.splits[:1]
        if dropped:
            del s.models[name], s.weights[name]
            continue
        member["full_fit_seconds"] = (time.time() - started) / len(s.splits) * 1.2
        pending += member["full_fit_seconds"]
        s.oof[name] = pred
    s.valid_rows = np.concatenate([valid for _, valid in s.splits])
    for name, pred in s.oof.items():
        log(f"{name}: validation score {s.score(s.y[s.valid_rows], pred[s.valid_rows]):.5f}")
    s.oof_blend = blend(s, s.oof)


def sample_rows(s, max_rows):
    """Row indices the validation uses: all, or a random sample of max_rows."""
    rows = np.arange(s.n_train)
    if max_rows and s.n_train > max_rows:
        rows = np.sort(np.random.default_rng(s.seed).choice(rows, size=max_rows, replace=False))
        log(f"validating on a sample of {max_rows} of {s.n_train} rows")
    return rows


@op(needs=("views", "models", "weights", "y", "n_train", "is_classifier", "classes", "score", "higher_is_better", "budget", "seed", "quick"),
    defines=("splits", "valid_rows", "oof", "oof_blend"))
def kfold_cv(s, folds=5, max_rows=None):
    """Shuffled k-fold cross-validation (stratified for classes) on out-of-fold predictions, on a sample of rows when large."""
    folds = 3 if s.quick else folds
    rows = sample_rows(s, max_rows)
    splitter = fold_splitter(s.y[rows], s.is_classifier, folds, s.seed)
    s.splits = [(rows[a], rows[b]) for a, b in splitter.split(np.zeros(len(rows)), s.y[rows])]
    out_of_fold(s)


@op(needs=("views", "models", "weights", "y", "full", "n_train", "is_classifier", "classes", "score", "higher_is_better", "budget", "quick"),
    defines=("splits", "valid_rows", "oof", "oof_blend"))
def time_split_cv(s, time_col=None, folds=5, max_rows=None):
    """Forward-chaining validation in time order: every fold trains on the past and scores the next period."""
    folds = 3 if s.quick else folds
    if time_col:
        order = np.argsort(pd.to_datetime(s.full[time_col].iloc[: s.n_train], errors="coerce").to_numpy(), kind="stable")
    else:
        order = np.arange(s.n_train)
    if max_rows and len(order) > max_rows:
        order = order[-max_rows:]
        log(f"validating on the latest {max_rows} of {s.n_train} rows")
    s.splits = [(order[a], order[b]) for a, b in TimeSeriesSplit(n_splits=folds).split(order)]
    out_of_fold(s)


@op(needs=("oof", "oof_blend", "weights", "y", "valid_rows", "score", "higher_is_better"), defines=())
def tune_blend_weights(s, rounds=25):
    """Chooses blend weights by greedy forward selection on the out-of-fold score; keeps the given weights unless it scores better."""
    names = list(s.oof)
    if len(names) < 2:
        return
    truth = s.y[s.valid_rows]
    given = signed(s, s.score(truth, s.oof_blend[s.valid_rows]))
    counts = dict.fromkeys(names, 0)
    mix, best = None, None
    for _ in range(rounds):
        trials = []
        for name in names:
            total = sum(counts.values())
            candidate = s.oof[name] if mix is None else (mix * total + s.oof[name]) / (total + 1)
            trials.append((signed(s, s.score(truth, candidate[s.valid_rows])), name, candidate))
        value, name, candidate = max(trials, key=lambda t: t[0])
        if best is not None and value <= best + 1e-9:
            break
        best, mix = value, candidate
        counts[name] += 1
    if best is not None and best > given + 1e-9:
        total = sum(counts.values())
        s.weights.update({n: counts[n] / total for n in names})
        s.oof_blend = blend(s, s.oof)
        log(f"blend weights {({n: round(w, 3) for n, w in s.weights.items()})}: {best:.5f} over the given {given:.5f}")
    else:
        log(f"blend weights kept as given: {given:.5f}")


@op(needs=("oof_blend", "y", "valid_rows", "score", "higher_is_better", "threshold", "classes"), defines=("threshold",))
def tune_threshold(s, low=0.05, high=0.95, smooth=2):
    """The positive-class probability threshold that maximises the metric on the out-of-fold predictions (a plateau, not a spike)."""
    if s.classes is None or len(s.classes) != 2:
        return
    grid = np.round(np.arange(low, high + 1e-9, 0.01), 2)
    truth, pred = s.y[s.valid_rows], s.oof_blend[s.valid_rows]
    values = []
    for t in grid:
        s.threshold = float(t)
        values.append(signed(s, s.score(truth, pred)))
    window = 2 * smooth + 1
    smoothed = np.convolve(np.pad(values, smooth, mode="edge"), np.ones(window) / window, mode="valid")
    s.threshold = float(grid[int(np.argmax(smoothed))])
    log(f"decision threshold {s.threshold:.2f}")


@op(needs=("oof", "oof_blend", "weights", "y", "valid_rows", "score"), defines=("validation",))
def report_score(s, path="metrics.json"):
    """Prints the validation score line of the script contract (the blend's out-of-fold score) and writes the metrics
    file: each member's out-of-fold score and the blend weights the score was measured with."""
    truth = s.y[s.valid_rows]
    s.validation = float(s.score(truth, s.oof_blend[s.valid_rows]))
    print(f"VALIDATION_SCORE: {s.validation:.6f}", flush=True)
    scores = {name: s.score(truth, pred[s.valid_rows]) for name, pred in s.oof.items()}
    write_metrics(path, scores, {name: s.weights[name] for name in s.oof})


@op(needs=("models", "weights", "views", "y", "budget"), defines=("fitted",))
def fit_full(s):
    """Refits every member with a blend weight on all training rows; a member whose refit would overrun the budget is left out of the blend."""
    s.fitted = {}
    members = [(n, m) for n, m in s.models.items() if s.weights[n] > 0]
    for name, member in sorted(members, key=lambda item: item[1].get("full_fit_seconds", 0.0)):
        need = member.get("full_fit_seconds", 0.0)
        if s.fitted and not s.budget.fits(need):
            log(f"{name}: refit left out, it would need {need:.0f} s of the {s.budget.left():.0f} s left")
            continue
        X, _ = s.views(member["view"])
        s.fitted[name] = member["estimator"].fit(X, s.y)
        log(f"{name}: fitted on {X.shape[0]} rows")
