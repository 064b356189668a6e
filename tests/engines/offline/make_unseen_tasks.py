"""Writes a suite of synthetic tasks the offline engine has never seen, in the bench layout
(<id>/public/{description.md,train.csv,test.csv,sample_submission.csv}, <id>/private/answers.csv,
<id>/task.json), for generalisation checks: `linguacodus bench <out-dir> --mode both`.

Usage: python3 make_unseen_tasks.py <out-dir> [task-id ...]   (all tasks when none are named)
Every task comes from a fixed seed, so the suite is the same on every machine.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification

POSITIVE = "great lovely superb smooth reliable sturdy bright happy perfect love".split()
NEGATIVE = "broken awful cheap flimsy dull noisy late poor hate useless".split()
NEUTRAL = ("the a it this product item arrived box colour size price shipping seller order bought use week "
           "day month my our for with and was is".split())
TOPICS = {
    "sport": "match goal team season coach league score player win cup".split(),
    "finance": "market shares bank rate profit stock investor price fund growth".split(),
    "science": "study cells data research planet energy theory lab species climate".split(),
    "travel": "flight hotel beach city tour island trip museum train visa".split(),
}


def write(root, task_id, title, overview, metric, metric_words, train, test, answers, label, id_col, sample_value,
          task_type, classes=None, positive=None, higher=True):
    """Writes one task: public files, private answers and task.json."""
    public, private = os.path.join(root, task_id, "public"), os.path.join(root, task_id, "private")
    os.makedirs(public, exist_ok=True)
    os.makedirs(private, exist_ok=True)
    train.to_csv(os.path.join(public, "train.csv"), index=False)
    test.to_csv(os.path.join(public, "test.csv"), index=False)
    targets = [c for c in answers.columns if c != id_col]
    sample = answers[[id_col]].copy()
    for col in targets:
        sample[col] = sample_value
    sample.to_csv(os.path.join(public, "sample_submission.csv"), index=False)
    answers.to_csv(os.path.join(private, "answers.csv"), index=False)
    columns = "\n".join(f"- `{c}`" for c in train.columns)
    with open(os.path.join(public, "description.md"), "w") as f:
        f.write(f"# {title}\n\n## Overview\n\n{overview}\n\n## Data\n\nFiles: `train.csv`, `test.csv`, `sample_submission.csv`.\n\n"
                f"Columns of train.csv:\n\n{columns}\n\nPredict `{label}` for every row of test.csv.\n\n"
                f"## Evaluation\n\nSubmissions are scored by {metric_words}.\n\n## Submission format\n\n"
                f"A CSV with columns {', '.join([id_col, *targets])}, one row per test id.\n")
    spec = {"id": task_id, "name": title, "task_type": task_type, "metric": metric, "higher_is_better": higher,
            "id_column": id_col, "target_columns": targets, "label_column": label,
            "rows": {"train": len(train), "test": len(test)}, "source": "synthetic (tests/engines/offline/make_unseen_tasks.py)"}
    if classes is not None:
        spec["classes"] = classes
    if positive is not None:
        spec["positive_class"] = positive
    with open(os.path.join(root, task_id, "task.json"), "w") as f:
        json.dump(spec, f, indent=2)


def split(frame, n_test, rng=None):
    """Train and test rows: a shuffled split (rng given) or the last n_test rows."""
    if rng is not None:
        frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    return frame.iloc[:-n_test].reset_index(drop=True), frame.iloc[-n_test:].reset_index(drop=True)


def forecast_blank_lags(root):
    """Daily demand of 4 shops over 3 years; lag columns exist in the files but are blank in the test rows."""
    rng = np.random.default_rng(11)
    days = pd.date_range("2019-01-01", periods=3 * 365, freq="D")
    rows = []
    for shop, level in zip("ABCD", [40, 60, 25, 80]):
        t = np.arange(len(days))
        promo = (rng.random(len(days)) < 0.15).astype(int)
        demand = level * (1 + 0.0006 * t) * (1 + 0.25 * (days.dayofweek >= 5)) * (1 + 0.2 * np.sin(2 * np.pi * t / 365.25))
        demand = demand * (1 + 0.3 * promo) * rng.lognormal(0, 0.08, len(days))
        frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "shop": shop, "promo": promo, "units": np.round(demand)})
        frame["units_lag_1"] = frame.units.shift(1)
        frame["units_mean_7"] = frame.units.shift(1).rolling(7).mean().round(2)
        rows.append(frame)
    data = pd.concat(rows).sort_values(["date", "shop"]).reset_index(drop=True)
    data.insert(0, "row_id", range(len(data)))
    cut = data.date >= days[-60].strftime("%Y-%m-%d")
    train, test = data[~cut].reset_index(drop=True), data[cut].reset_index(drop=True)
    answers = test[["row_id", "units"]]
    test = test.drop(columns=["units"])
    test[["units_lag_1", "units_mean_7"]] = np.nan
    write(root, "shop-demand-forecast", "Daily shop demand forecast",
          "Forecast the daily units sold by four shops for the 60 days after the training period. The lag columns "
          "(yesterday's units, the mean of the last week) are only known for past days.",
          "rmse", "the root mean squared error (RMSE) of the units", train, test, answers, "units", "row_id", 0.0,
          "forecasting", higher=False)


def review_text(rng, n, sentiment):
    """Short product reviews: sentiment words (some negated) among neutral words."""
    texts = []
    for s in sentiment:
        words = list(rng.choice(NEUTRAL, size=rng.integers(4, 12)))
        for _ in range(rng.integers(1, 3)):
            good = rng.random() < (0.8 if s else 0.25)
            word = rng.choice(POSITIVE if good else NEGATIVE)
            if rng.random() < 0.15:
                word = f"not {rng.choice(NEGATIVE if good else POSITIVE)}"
            words.insert(int(rng.integers(0, len(words) + 1)), word)
        texts.append(" ".join(words))
    return texts


def review_auc(root):
    """Short reviews scored by AUC, with a stars-of-the-shop side column."""
    rng = np.random.default_rng(12)
    n = 9000
    liked = (rng.random(n) < 0.55).astype(int)
    frame = pd.DataFrame({"review_id": [f"r{i:05d}" for i in range(n)], "shop_rating": np.round(3.5 + 0.4 * liked + rng.normal(0, 0.6, n), 1),
                          "text": review_text(rng, n, liked), "liked": liked})
    train, test = split(frame, 2000, rng)
    write(root, "review-likes", "Do buyers like the product?",
          "Predict the probability that a short product review is positive.", "auc", "the area under the ROC curve (AUC)",
          train, test.drop(columns=["liked"]), test[["review_id", "liked"]], "liked", "review_id", 0.5, "text-classification",
          classes=[0, 1], positive=1)


def topic_text(root):
    """20,000 short news snippets in four topics (accuracy): the size target for text."""
    rng = np.random.default_rng(13)
    n = 25000
    names = list(TOPICS)
    topic = rng.integers(0, 4, n)
    texts = []
    for k in topic:
        own = TOPICS[names[k]]
        other = TOPICS[names[rng.integers(0, 4)]]
        words = list(rng.choice(NEUTRAL, size=8)) + list(rng.choice(own, size=2)) + list(rng.choice(other, size=2))
        texts.append(" ".join(rng.permutation(words)))
    frame = pd.DataFrame({"id": range(n), "headline": texts, "topic": np.array(names)[topic]})
    train, test = split(frame, 5000, rng)
    write(root, "news-topics", "News topic", "Classify each short news snippet into its topic.", "accuracy", "accuracy",
          train, test.drop(columns=["topic"]), test[["id", "topic"]], "topic", "id", "sport", "text-classification",
          classes=names)


def small_multiclass(root):
    """A 600-row, five-class table with a categorical column (accuracy)."""
    X, y = make_classification(n_samples=800, n_features=12, n_informative=7, n_redundant=2, n_classes=5, n_clusters_per_class=1,
                               class_sep=1.2, random_state=14)
    frame = pd.DataFrame(X.round(4), columns=[f"m{i}" for i in range(12)])
    frame.insert(0, "sample", range(len(frame)))
    frame["site"] = np.array(["north", "south", "east"])[(X[:, 0] > 0).astype(int) + (X[:, 1] > 1).astype(int)]
    frame["grade"] = np.array(["alpha", "beta", "gamma", "delta", "omega"])[y]
    train, test = split(frame, 200, np.random.default_rng(14))
    write(root, "small-grades", "Sample grade", "Predict the grade of each sample from its measurements.", "accuracy", "accuracy",
          train, test.drop(columns=["grade"]), test[["sample", "grade"]], "grade", "sample", "alpha", "multiclass",
          classes=["alpha", "beta", "delta", "gamma", "omega"])


def high_cardinality(root):
    """20,000 orders; the merchant (3,000 values) carries most of the signal (AUC)."""
    rng = np.random.default_rng(15)
    n, merchants = 20000, 3000
    effect = rng.normal(0, 1.2, merchants)
    merchant = rng.zipf(1.3, n) % merchants
    amount = np.round(rng.lognormal(3, 1, n), 2)
    hour = rng.integers(0, 24, n)
    logit = -1.5 + effect[merchant] + 0.3 * (hour < 6) + 0.2 * np.log(amount)
    frame = pd.DataFrame({"order": range(n), "merchant": [f"M{m:04d}" for m in merchant], "amount": amount, "hour": hour,
                          "channel": rng.choice(["web", "app", "shop"], n), "returned": (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)})
    train, test = split(frame, 4000, rng)
    write(root, "order-returns", "Will the order be returned?", "Predict the probability that an order is returned.", "auc",
          "the area under the ROC curve (AUC)", train, test.drop(columns=["returned"]), test[["order", "returned"]], "returned",
          "order", 0.5, "binary", classes=[0, 1], positive=1)


def imbalanced(root):
    """A 15,000-row table with 4% positives, scored by AUC."""
    X, y = make_classification(n_samples=15000, n_features=20, n_informative=6, weights=[0.96], flip_y=0.01, class_sep=0.8,
                               random_state=16)
    frame = pd.DataFrame(X.round(4), columns=[f"f{i}" for i in range(20)])
    frame.insert(0, "case", range(len(frame)))
    frame["fraud"] = y
    train, test = split(frame, 3000, np.random.default_rng(16))
    write(root, "rare-fraud", "Rare fraud", "Predict the probability that a case is fraud (about 4% are).", "auc",
          "the area under the ROC curve (AUC)", train, test.drop(columns=["fraud"]), test[["case", "fraud"]], "fraud", "case", 0.5,
          "binary", classes=[0, 1], positive=1)


TASKS = {"shop-demand-forecast": forecast_blank_lags, "review-likes": review_auc, "news-topics": topic_text,
         "small-grades": small_multiclass, "order-returns": high_cardinality, "rare-fraud": imbalanced}

if __name__ == "__main__":
    out = sys.argv[1]
    for task_id in sys.argv[2:] or list(TASKS):
        TASKS[task_id](out)
