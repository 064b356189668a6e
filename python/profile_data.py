"""Profiles every CSV of a task directory and infers its train/test/sample-submission roles,
id column, target column(s) and label facts. Prints one JSON object on stdout.

Usage: python3 profile_data.py <task-dir>
Exit status 2 with a JSON {"error": ...} on stdout for unusable input.
"""
import json
import math
import os
import re
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")

SAMPLE_VALUES = 5
TEXT_MIN_MEAN_LENGTH = 30
DATE_PATTERN = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$|^\d{1,2}[-/]\d{1,2}[-/]\d{4}")
ID_NAME = re.compile(r"(^id$|_id$|^id_|[a-z]Id$|ID$)", re.IGNORECASE)
BOOL_VALUES = {"true", "false"}


def fail(message):
    print(json.dumps({"error": message}))
    sys.exit(2)


def finite(x):
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def looks_datetime(series):
    sample = series.dropna().astype(str).head(200)
    if sample.empty or not sample.map(lambda v: bool(DATE_PATTERN.match(v.strip()))).mean() > 0.95:
        return False
    return pd.to_datetime(sample, errors="coerce").notna().mean() > 0.95


def column_kind(name, series, rows):
    non_null = series.dropna()
    unique = int(non_null.nunique())
    if unique <= 1:
        return "constant"
    if series.dtype == bool or set(non_null.astype(str).str.lower().unique()) <= BOOL_VALUES:
        return "boolean"
    if pd.api.types.is_numeric_dtype(series):
        is_int = pd.api.types.is_integer_dtype(series) or bool(np.all(np.mod(non_null, 1) == 0))
        if ID_NAME.search(name) and is_int and unique == len(non_null) == rows:
            return "id"
        return "numeric"
    if looks_datetime(series):
        return "datetime"
    text = non_null.astype(str)
    if ID_NAME.search(name) and unique == len(non_null):
        return "id"
    if text.str.len().mean() >= TEXT_MIN_MEAN_LENGTH and unique > 0.5 * len(non_null) and text.str.contains(" ").mean() > 0.5:
        return "text"
    return "categorical"


def profile_column(name, series, rows):
    non_null = series.dropna()
    kind = column_kind(name, series, rows)
    samples = [str(v)[:80] for v in pd.unique(non_null)[:SAMPLE_VALUES]]
    mean_length = None
    stats = None
    if series.dtype == object:
        mean_length = finite(non_null.astype(str).str.len().mean())
    if kind == "numeric":
        stats = {
            "min": finite(non_null.min()),
            "max": finite(non_null.max()),
            "mean": finite(non_null.mean()),
            "skew": finite(non_null.skew()) if len(non_null) > 2 else None,
        }
    return {
        "name": name,
        "dtype": str(series.dtype),
        "kind": kind,
        "missingFraction": float(series.isna().mean()) if rows else 0.0,
        "unique": int(non_null.nunique()),
        "samples": samples,
        "meanLength": mean_length,
        "stats": stats,
    }


def read_csv(path):
    try:
        frame = pd.read_csv(path, low_memory=False)
    except pd.errors.EmptyDataError:
        fail(f"empty CSV file: {path}")
    except Exception as e:  # malformed quoting, encoding, ...
        fail(f"unreadable CSV file: {path} ({type(e).__name__}: {e})")
    if frame.shape[1] == 0:
        fail(f"CSV file has no columns: {path}")
    if frame.shape[0] == 0:
        fail(f"CSV file has a header but no rows: {path}")
    return frame


def pick_roles(frames):
    names = list(frames)
    sample = next((n for n in names if "sample" in n.lower() and "submission" in n.lower()), None)
    sample = sample or next((n for n in names if "submission" in n.lower()), None)
    train = next((n for n in names if "train" in n.lower()), None)
    test = next((n for n in names if "test" in n.lower() and n != sample), None)
    others = [n for n in names if n not in (sample, test)]
    if train is None and others:
        train = max(others, key=lambda n: frames[n].shape[0] * frames[n].shape[1])
    if train is None:
        fail("no training CSV found (expected a file named like train.csv)")
    return train, test, sample


def label_facts(train, label, classes_hint):
    y = train[label].dropna()
    numeric = pd.api.types.is_numeric_dtype(y) and y.dtype != bool
    integer = bool(numeric and np.all(np.mod(y, 1) == 0))
    counts = y.astype(str).value_counts()
    facts = {
        "unique": int(y.nunique()),
        "numeric": bool(numeric),
        "integer": integer,
        "missing": int(train[label].isna().sum()),
        "valueCounts": {str(k): int(v) for k, v in counts.head(20).items()},
    }
    if numeric:
        facts.update(min=finite(y.min()), max=finite(y.max()), skew=finite(y.skew()) if len(y) > 2 else 0.0)
    if classes_hint:
        facts["classColumns"] = classes_hint
    return facts


def main(task_dir):
    csvs = sorted(f for f in os.listdir(task_dir) if f.lower().endswith(".csv"))
    if not csvs:
        fail(f"no CSV files in {task_dir}")
    frames = {name: read_csv(os.path.join(task_dir, name)) for name in csvs}
    train_name, test_name, sample_name = pick_roles(frames)
    train = frames[train_name]
    test = frames.get(test_name) if test_name else None
    sample = frames.get(sample_name) if sample_name else None

    id_column = None
    target_columns = []
    label = None
    class_columns = None
    if sample is not None:
        first = sample.columns[0]
        if test is None or first in test.columns:
            id_column = first
        target_columns = [c for c in sample.columns if c != id_column]
        in_train = [c for c in target_columns if c in train.columns]
        if in_train:
            label = in_train[0]
        elif len(target_columns) > 1:
            # one probability column per class: find the train column whose values are those names
            wanted = {str(c) for c in target_columns}
            for c in train.columns:
                if test is not None and c in test.columns:
                    continue
                if wanted <= set(train[c].dropna().astype(str).unique()) | wanted and set(train[c].dropna().astype(str).unique()) <= wanted:
                    label, class_columns = c, list(target_columns)
                    break
    if label is None and test is not None:
        candidates = [c for c in train.columns if c not in test.columns]
        if len(candidates) >= 1:
            label = candidates[-1]
            if not target_columns:
                target_columns = [label]
    if label is None:
        fail("could not infer the target column: no sample_submission.csv column matches train.csv and no train-only column exists")
    if id_column is None and test is not None:
        id_like = [c for c in test.columns if ID_NAME.search(c) and test[c].is_unique]
        id_column = id_like[0] if id_like else None

    files = []
    for name, frame in frames.items():
        rows = int(frame.shape[0])
        files.append({
            "name": name,
            "rows": rows,
            "bytes": os.path.getsize(os.path.join(task_dir, name)),
            "columns": [profile_column(c, frame[c], rows) for c in frame.columns],
        })

    train_only = []
    if test is not None:
        train_only = [c for c in train.columns if c not in test.columns and c != label]

    sample_values = []
    if sample is not None and target_columns and class_columns is None:
        sample_values = [str(v) for v in pd.unique(sample[target_columns[0]].dropna())[:SAMPLE_VALUES]]
    sample_numeric_fraction = None
    if sample is not None and target_columns and class_columns is None:
        col = pd.to_numeric(sample[target_columns[0]], errors="coerce")
        if col.notna().all():
            sample_numeric_fraction = bool(((col > 0) & (col < 1)).any())

    print(json.dumps({
        "files": files,
        "trainFile": train_name,
        "testFile": test_name,
        "sampleSubmissionFile": sample_name,
        "idColumn": id_column,
        "targetColumns": target_columns,
        "labelColumn": label,
        "label": label_facts(train, label, class_columns),
        "trainOnlyColumns": train_only,
        "sampleValues": sample_values,
        "sampleHasFractions": sample_numeric_fraction,
    }))


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        fail("usage: profile_data.py <task-dir>")
    main(sys.argv[1])
