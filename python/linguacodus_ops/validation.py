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


def first_pass(splits, n):
    """How many splits make one pass over the n rows: a repeated k-fold's second pass validates rows the first already has."""
    covered = np.zeros(n, dtype=bool)
    for k, (_, valid_rows) in enumerate(splits):
        if covered[valid_rows].any():
            return k
        covered[valid_rows] = True
    return len(splits)


def out_of_fold(s):
    """Scores every member on the splits; a member whose folds would not fit the budget is dropped (or the passes or folds cut).

    A row validated in several passes (repeated k-fold) gets the mean of its out-of-fold predictions."""
    s.oof, pending = {}, 0.0
    for name in list(s.models):
        member = s.models[name]
        X, _ = s.views(member["view"])
        total = np.zeros((s.n_train, len(s.classes))) if s.is_classifier else np.zeros(s.n_train)
        seen = np.zeros(s.n_train)
        started = time.time()
        dropped = False
        for f, (fit_rows, valid_rows) in enumerate(list(s.splits)):
            if f >= len(s.splits):  # the guard below cut the splits
                break
            fitted = clone(member["estimator"]).fit(X[fit_rows], s.y[fit_rows])
            total[valid_rows] += predict_scores(s, fitted, X[valid_rows])
            seen[valid_rows] += 1
            if f > 0:
                continue
            per_fold = time.time() - started
            full_fit = per_fold * (s.n_train / max(1, len(fit_rows))) ** 1.1
            rest = per_fold * (len(s.splits) - 1)
            if s.budget.fits(rest + full_fit + pending):
                continue
            one_pass = first_pass(s.splits, s.n_train)
            if one_pass < len(s.splits) and s.budget.fits(per_fold * (one_pass - 1) + full_fit + pending):
                log(f"{name}: validating on one pass of {one_pass} folds, {len(s.splits)} folds would need {rest + full_fit:.0f} s")
                s.splits = s.splits[:one_pass]
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
        s.oof[name] = total / np.maximum(seen, 1).reshape((-1,) + (1,) * (total.ndim - 1))
    s.valid_rows = np.unique(np.concatenate([valid for _, valid in s.splits]))
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
def kfold_cv(s, folds=5, max_rows=None, repeats=1):
    """Shuffled k-fold cross-validation (stratified for classes) on out-of-fold predictions, on a sample of rows when large.

    With ``repeats`` above 1, the k folds are drawn that many times with different shuffles (repeated k-fold): on a small
    table a single draw of folds is a noisy yardstick for blend weights and thresholds."""
    folds, repeats = (3, 1) if s.quick else (folds, repeats)
    rows = sample_rows(s, max_rows)
    s.splits = []
    for r in range(repeats):
        splitter = fold_splitter(s.y[rows], s.is_classifier, folds, s.seed + r)
        s.splits += [(rows[a], rows[b]) for a, b in splitter.split(np.zeros(len(rows)), s.y[rows])]
    if repeats > 1:
        log(f"validating on {repeats} passes of {folds} folds")
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


def bootstrap_error(s, truth, scored, draws=200):
    """The bootstrap standard error over the validation rows of ``scored(truth[rows], rows)``, a score or a score gain."""
    rng = np.random.default_rng(s.seed)
    gains = []
    for _ in range(draws):
        rows = rng.integers(0, len(truth), len(truth))
        try:
            gains.append(scored(truth[rows], rows))
        except ValueError:  # a resample without one of the classes (AUC)
            continue
    return float(np.std(gains)) if len(gains) > 1 else float("inf")


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


@op(needs=("oof", "oof_blend", "weights", "y", "valid_rows", "score", "higher_is_better", "seed"), defines=())
def keep_tied_members(s, margin=1.0):
    """Blends, with equal weights, the members whose out-of-fold score is within ``margin`` standard errors of the best
    member's (the bootstrap standard error of that score over the validation rows); the others get weight 0.

    The one-standard-error rule: on a small table the best score is partly luck and fitted weights mostly fit the noise
    of the validation rows, so the members that cannot be told apart from the best are averaged evenly."""
    names = list(s.oof)
    if len(names) < 2:
        return
    truth = s.y[s.valid_rows]
    scores = {n: signed(s, s.score(truth, s.oof[n][s.valid_rows])) for n in names}
    best = max(names, key=scores.get)
    top = s.oof[best][s.valid_rows]
    error = bootstrap_error(s, truth, lambda t, rows: signed(s, s.score(t, top[rows])))
    kept = [n for n in names if scores[best] - scores[n] <= margin * error]
    for name in [n for n in names if n not in kept]:
        log(f"{name}: left out of the blend, {scores[best] - scores[name]:.5f} behind {best}, more than {margin:g} standard error(s) ({error:.5f})")
    s.weights.update({n: (1.0 / len(kept) if n in kept else 0.0) for n in names})
    s.oof_blend = blend(s, s.oof)
    log(f"blend of {', '.join(kept)} with equal weights: {signed(s, s.score(truth, s.oof_blend[s.valid_rows])):.5f}")


def score_at(s, threshold, truth, pred):
    """The higher-is-better score of the predictions with the positive class from ``threshold`` on."""
    s.threshold = float(threshold)
    return signed(s, s.score(truth, pred))


@op(needs=("oof_blend", "y", "valid_rows", "score", "higher_is_better", "threshold", "classes", "seed"), defines=("threshold",))
def tune_threshold(s, low=0.05, high=0.95, smooth=2, margin=0.0):
    """The positive-class probability threshold that maximises the metric on the out-of-fold predictions (a plateau, not a spike).

    With ``margin`` above 0 the tuned threshold must beat the given one by that many bootstrap standard errors of the gain,
    else the given threshold stays (a small table's best threshold is mostly noise)."""
    if s.classes is None or len(s.classes) != 2:
        return
    given = s.threshold
    grid = np.round(np.arange(low, high + 1e-9, 0.01), 2)
    truth, pred = s.y[s.valid_rows], s.oof_blend[s.valid_rows]
    values = [score_at(s, t, truth, pred) for t in grid]
    window = 2 * smooth + 1
    smoothed = np.convolve(np.pad(values, smooth, mode="edge"), np.ones(window) / window, mode="valid")
    tuned = float(grid[int(np.argmax(smoothed))])
    if margin > 0 and tuned != given:
        gain = score_at(s, tuned, truth, pred) - score_at(s, given, truth, pred)
        error = bootstrap_error(s, truth, lambda t, rows: score_at(s, tuned, t, pred[rows]) - score_at(s, given, t, pred[rows]))
        if gain <= margin * error:
            s.threshold = given
            return log(f"decision threshold kept at {given:.2f}: {tuned:.2f} gains {gain:.5f}, within {margin:g} standard error(s) ({error:.5f})")
    s.threshold = tuned
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
