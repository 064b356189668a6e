"""The whole solution of a task whose target is constant: every training row has one value, so every test row gets it."""
import numpy as np
import pandas as pd

from .data import canon, read_table
from .runtime import log, op, write_metrics


def constant_column(value, form, column, positive):
    """The constant's prediction for one submission column: the value, or probability 1 for it and 0 for the others."""
    if form == "class_probabilities":
        return 1.0 if canon(column) == canon(value) else 0.0
    if form == "probability":
        return 1.0 if positive is not None and canon(value) == canon(positive) else 0.0
    if form == "value":
        return float(value)
    return value


@op(needs=(), defines=("test", "sample", "submission"))
def predict_constant(s, test_path, value, sample_path=None, formats=None, id_col=None, target_cols=(), form="label", positive=None,
                     score=None, path="submission.csv", metrics_path="metrics.json"):
    """Predicts ``value`` for every test row, in the sample submission's rows and columns (else the test ids), and prints
    ``score`` as the validation score (and writes it to the metrics file as the one model, "constant") when the metric
    gives a constant prediction one (labels: 1, errors: 0)."""
    formats = formats or {}
    s.test = read_table(test_path, formats.get(test_path), as_text=True)
    s.sample = read_table(sample_path, formats.get(sample_path), as_text=True) if sample_path else None
    if s.sample is not None and len(s.sample) == len(s.test):
        frame = s.sample.copy()  # the sample's ids, order and columns
    elif id_col and id_col in s.test.columns:
        frame = pd.DataFrame({id_col: s.test[id_col]})
    else:
        frame = pd.DataFrame(index=np.arange(len(s.test)))
    for col in target_cols:
        frame[col] = constant_column(value, form, col, positive)
    s.submission = frame
    frame.to_csv(path, index=False)
    log(f"wrote {path}: {len(frame)} rows, every prediction {value!r} (the target is constant)")
    if score is not None:
        print(f"VALIDATION_SCORE: {score}", flush=True)
        write_metrics(metrics_path, {"constant": score}, {"constant": 1.0})
