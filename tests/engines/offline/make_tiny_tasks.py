"""Writes tiny synthetic tasks (description.md, train.csv, test.csv, sample_submission.csv) for the
offline engine's integration tests. Usage: python3 make_tiny_tasks.py <out-dir>"""
import os
import sys

import numpy as np
import pandas as pd

RNG = np.random.default_rng(0)
N_TRAIN, N_TEST = 160, 40
WORDS = "fire flood storm calm sunny music party smoke rescue crash quiet happy alarm help lovely".split()


def write(root, name, metric_text, frame, label, id_col, sample_cols=None, sample_value=None, train_only=()):
    """Splits a frame into train/test, writes a description naming the metric, and a sample submission."""
    path = os.path.join(root, name)
    os.makedirs(path, exist_ok=True)
    train, test = frame.iloc[:N_TRAIN], frame.iloc[N_TRAIN:]
    train.to_csv(os.path.join(path, "train.csv"), index=False)
    test.drop(columns=[label, *train_only]).to_csv(os.path.join(path, "test.csv"), index=False)
    cols = sample_cols or [label]
    sample = pd.DataFrame({id_col: test[id_col].to_numpy()})
    for c in cols:
        sample[c] = sample_value if sample_value is not None else 1.0 / len(cols)
    sample.to_csv(os.path.join(path, "sample_submission.csv"), index=False)
    with open(os.path.join(path, "description.md"), "w") as f:
        f.write(f"# Tiny {name}\n\nPredict `{label}` for every test row.\n\n## Evaluation\n\n{metric_text}\n")


def words(n, k):
    return [" ".join(RNG.choice(WORDS, size=k)) for _ in range(n)]


def main(root):
    n = N_TRAIN + N_TEST
    x = RNG.normal(size=(n, 4))

    # binary, mixed columns: missing values, a structured high-cardinality code, names with titles, dates
    age = np.where(RNG.random(n) < 0.2, np.nan, np.round(30 + 10 * x[:, 0], 1))
    title = RNG.choice(["Mr", "Mrs", "Miss"], size=n)
    survived = (x[:, 1] + (title != "Mr") + RNG.normal(scale=0.5, size=n)) > 0.8
    frame = pd.DataFrame({
        "pid": [f"{1000 + i // 2}_{i % 2 + 1:02d}" for i in range(n)],
        "age": age,
        "fare": np.round(np.exp(2 + x[:, 2]), 2),
        "sex": RNG.choice(["male", "female"], size=n),
        "cabin": [f"{RNG.choice(list('ABCD'))}/{i}/{RNG.choice(['P', 'S'])}" for i in range(n)],
        "name": [f"Family{i % 70}, {t}. Person{i}" for i, t in enumerate(title)],
        "visit": pd.date_range("2021-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
        "transported": survived,
    })
    write(root, "binary-mixed", "Submissions are scored by accuracy.", frame, "transported", "pid", sample_value="False")

    # binary AUC with imbalanced classes
    p = 1 / (1 + np.exp(-(3 * x[:, 0] - 4)))
    frame = pd.DataFrame({"id": range(n), "a": x[:, 0], "b": x[:, 1], "c": x[:, 2], "d": x[:, 3],
                          "group": RNG.choice(["u", "v", "w"], size=n), "label": (RNG.random(n) < p).astype(int)})
    write(root, "binary-auc", "Submissions are scored by the area under the ROC curve (AUC).", frame, "label", "id", sample_value=0.5)

    # multiclass log loss with per-class probability columns and a short free-text column
    colour = np.array(["red", "green", "blue"])[np.argmax(x[:, :3] + RNG.normal(scale=0.3, size=(n, 3)), axis=1)]
    frame = pd.DataFrame({"id": range(n), "x1": x[:, 0], "x2": x[:, 1], "x3": x[:, 2], "x4": x[:, 3],
                          "shape": RNG.choice(["round", "square"], size=n),
                          "note": [f"{c} looking {w} item seen near the {v} place" for c, w, v in zip(colour, words(n, 2), words(n, 1))],
                          "colour": colour})
    write(root, "multiclass-logloss", "Submissions are scored by multi-class log loss.", frame, "colour", "id", sample_cols=["blue", "green", "red"])

    # binary text classification scored by F1
    label = RNG.integers(0, 2, size=n)
    text = [f"{' '.join(RNG.choice(WORDS[:8] if y else WORDS[7:], size=6))} #tag{i % 5} http://t.co/x{i}" for i, y in enumerate(label)]
    frame = pd.DataFrame({"id": range(n), "keyword": RNG.choice(WORDS, size=n), "text": text, "target": label})
    write(root, "text-f1", "Submissions are scored by the F1 score of the positive class.", frame, "target", "id", sample_value=0)

    # hourly counts scored by RMSLE, with train-only columns that add up to the target
    stamps = pd.date_range("2012-01-01", periods=n, freq="H")
    base = np.exp(1 + np.sin(stamps.hour / 24 * 2 * np.pi) + 0.3 * x[:, 0])
    casual = RNG.poisson(base)
    registered = RNG.poisson(2 * base)
    frame = pd.DataFrame({"datetime": stamps.strftime("%Y-%m-%d %H:%M:%S"), "season": stamps.month % 4 + 1, "temp": np.round(10 + 5 * x[:, 1], 1),
                          "humidity": RNG.integers(20, 100, size=n), "casual": casual, "registered": registered, "count": casual + registered + 1})
    write(root, "counts-rmsle", "Submissions are scored by the root mean squared logarithmic error (RMSLE).", frame, "count", "datetime",
          sample_value=10, train_only=("casual", "registered"))

    # regression on the raw scale (RMSE) with a free-text column and a signed target
    frame = pd.DataFrame({"id": range(n), "size": x[:, 0], "kind": RNG.choice(["flat", "house", "loft"], size=n),
                          "review": [f"{w} and really {v} place to live in" for w, v in zip(words(n, 3), words(n, 1))],
                          "value": np.round(3 * x[:, 0] - 2 + RNG.normal(size=n), 3)})
    write(root, "regression-text", "Submissions are scored by the root mean squared error (RMSE).", frame, "value", "id", sample_value=0.0)


if __name__ == "__main__":
    main(sys.argv[1])
