"""The submission: test predictions of the blend, written in the sample submission's layout."""
import re

import numpy as np
import pandas as pd

from .data import canon
from .runtime import log, op
from .validation import predict_scores


def id_key(value):
    """An id's spelling for matching: trimmed, 892.0 -> 892."""
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def row_order(s):
    """The test rows in the sample submission's order (when its ids match the test ids), and the submission frame.

    A test file without the id column takes the sample's ids in row order."""
    order = np.arange(len(s.test))
    id_in_test = bool(s.id_col) and s.id_col in s.test.columns
    frame = pd.DataFrame({s.id_col: s.test[s.id_col].to_numpy()}) if id_in_test else pd.DataFrame(index=order)
    has_sample_ids = s.sample is not None and bool(s.id_col) and s.id_col in s.sample.columns
    if has_sample_ids and not id_in_test and len(s.sample) == len(s.test):
        return order, pd.DataFrame({s.id_col: s.sample[s.id_col].to_numpy()})
    if has_sample_ids and id_in_test:
        position = pd.Series(np.arange(len(s.test)), index=s.test[s.id_col].map(id_key))
        rows = position[~position.index.duplicated()].reindex(s.sample[s.id_col].map(id_key))
        if rows.notna().all() and len(rows) == len(s.test):
            return rows.to_numpy(dtype=int), pd.DataFrame({s.id_col: s.sample[s.id_col].to_numpy()})
        log("warning: sample-submission ids differ from the test ids; rows follow the test file")
    return order, frame


def spell_like_sample(s, labels):
    """Spells labels as the sample submission does (True/False case, 0/1 vs 0.0/1.0); others as in train."""
    shown = [] if s.sample is None else [v.strip() for v in s.sample[s.target_cols[0]] if v.strip()]
    keys = {canon(label) for label in s.classes}
    if shown and all(v.lower() in ("true", "false") for v in shown) and keys <= {"true", "false", "1", "0"}:
        case = str.upper if shown[0].isupper() else str.lower if shown[0].islower() else str.capitalize
        return np.array([case("true" if canon(v) in ("true", "1") else "false") for v in labels], dtype=object)
    numeric = all(re.fullmatch(r"-?\d+(\.\d+)?", k) for k in keys)
    if shown and numeric and all(re.fullmatch(r"-?\d+", v) for v in shown):
        return np.array([canon(v) for v in labels], dtype=object)
    if shown and numeric and all(re.fullmatch(r"-?\d+\.\d+", v) for v in shown):
        return np.array([str(float(v)) for v in labels], dtype=object)
    return np.asarray(labels, dtype=object)


def fill_targets(s, frame, order, pred, form, label_style):
    """Fills the target column(s) in the given form: labels, positive-class probability, per-class probabilities or values."""
    if form == "label":
        labels = np.array(s.classes, dtype=object)[s.to_labels(pred)]
        frame[s.target_cols[0]] = (spell_like_sample(s, labels) if label_style == "sample" else labels)[order]
    elif form == "probability":
        frame[s.target_cols[0]] = np.clip(pred[order, s.pos_index], 1e-6, 1 - 1e-6)
    elif form == "class_probabilities":
        columns = []
        for col in s.target_cols:
            match = [i for i, c in enumerate(s.classes) if c == col] or [i for i, c in enumerate(s.classes) if canon(c) == canon(col)]
            columns.append(pred[order, match[0]] if match else np.zeros(len(order)))
        probabilities = np.clip(np.column_stack(columns), 1e-6, 1.0)
        probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)
        for j, col in enumerate(s.target_cols):
            frame[col] = probabilities[:, j]
    else:
        values = s.to_original_scale(pred)
        values = np.where(np.isfinite(values), values, np.nanmedian(s.y_raw))
        if np.nanmin(s.y_raw) >= 0:
            values = np.clip(values, 0.5 * np.nanmin(s.y_raw), None)
        frame[s.target_cols[0]] = values[order]


@op(needs=("fitted", "weights", "views", "test", "sample", "id_col", "target_cols", "classes", "to_labels", "to_original_scale", "y_raw"),
    defines=("test_pred", "submission"))
def write_submission(s, form="label", label_style="sample", path="submission.csv"):
    """Predicts the test rows with the blend and writes the submission with the sample's id column, id order and columns."""
    s.test_pred = blend_fitted(s)
    order, frame = row_order(s)
    fill_targets(s, frame, order, s.test_pred, form, label_style)
    columns = list(s.sample.columns) if s.sample is not None else [c for c in [s.id_col] if c in frame.columns] + list(s.target_cols)
    s.submission = frame[columns]
    s.submission.to_csv(path, index=False)
    print(f"wrote {path}: {len(s.submission)} rows, columns {columns}", flush=True)


def blend_fitted(s):
    """The weighted blend of the fitted members' test predictions."""
    predictions = {name: predict_scores(s, model, s.views(s.models[name]["view"])[1]) for name, model in s.fitted.items()}
    total = sum(s.weights[name] for name in predictions)
    return sum(s.weights[name] * pred for name, pred in predictions.items()) / total
