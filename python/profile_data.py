"""Profiles every data file of a task directory and infers its train/test/sample-submission roles,
id column, target column(s) and label facts. Prints one JSON object on stdout.

Files are read in chunks: row counts, missing and infinite values and the label's value counts
are exact; column kinds, uniques and samples come from a uniform sample of at most SAMPLE_ROWS
rows per file, so memory stays bounded whatever the file size.

Usage: python3 profile_data.py <task-dir> [--reference-out DIR]
  --reference-out DIR  writes a plain UTF-8, comma-separated copy of the reference file (the
                       sample submission, else the test file) to DIR/<name>.csv when it is not one
Exit status 2 with a JSON {"error": ...} on stdout for unusable input.
"""
import json
import math
import os
import re
import sys
import warnings
from collections import Counter

import numpy as np
import pandas as pd

from data_files import DataFileError, detect_format, is_plain, list_task_files, read_chunks

warnings.filterwarnings("ignore")

SAMPLE_VALUES = 5
TEXT_MIN_MEAN_LENGTH = 30
HEAD_ROWS = 5_000
CHUNK_ROWS = 100_000
SAMPLE_ROWS = 100_000
MAX_TRACKED_VALUES = 5_000
DISPLAYED_COUNTS = 20
FALLBACK_ENCODINGS = {"utf-8": "cp1252", "utf-8-sig": "cp1252", "cp1252": "latin-1"}
MULTI_LABEL_SEPARATORS = [" ", ",", "|", ";"]
DATE_PATTERN = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$|^\d{1,2}[-/]\d{1,2}[-/]\d{4}")
ID_NAME = re.compile(r"(^id$|_id$|^id_|[a-z]Id$|ID$)", re.IGNORECASE)
BOOL_VALUES = {"true", "false"}
IMAGE_VALUE = re.compile(r"\.(jpe?g|png|gif|bmp|tiff?|webp)$", re.IGNORECASE)


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
        finite_values = non_null[np.isfinite(non_null.astype(float))]
        is_int = pd.api.types.is_integer_dtype(series) or bool(np.all(np.mod(finite_values, 1) == 0))
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


def profile_column(name, series, scan):
    """A column's profile: kind, uniques and samples from the sampled rows, missing share exact."""
    non_null = series.dropna()
    kind = column_kind(name, series, len(series))
    samples = [str(v)[:80] for v in pd.unique(non_null)[:SAMPLE_VALUES]]
    mean_length = None
    stats = None
    if series.dtype == object:
        mean_length = finite(non_null.astype(str).str.len().mean())
    if kind == "numeric":
        values = non_null.astype(float)
        values = values[np.isfinite(values)]
        stats = {
            "min": finite(values.min()),
            "max": finite(values.max()),
            "mean": finite(values.mean()),
            "skew": finite(values.skew()) if len(values) > 2 else None,
        }
    return {
        "name": name,
        "dtype": str(series.dtype),
        "kind": kind,
        "missingFraction": scan["missing"][name] / scan["rows"] if scan["rows"] else 0.0,
        "unique": int(non_null.nunique()),
        "samples": samples,
        "meanLength": mean_length,
        "stats": stats,
        "infinite": scan["infinite"].get(name, 0),
    }


def label_text(series):
    """Label values as text; integral floats (an integer column with gaps) spelled as integers."""
    values = series.dropna()
    if pd.api.types.is_float_dtype(values) and len(values) and np.all(np.isfinite(values)) and np.all(np.mod(values, 1) == 0):
        return values.astype(np.int64).astype(str)
    return values.astype(str)


class LabelTally:
    """Exact facts of the label column, gathered chunk by chunk."""

    def __init__(self):
        self.counts = Counter()
        self.overflow = False
        self.missing = 0
        self.infinite = 0
        self.numeric = True
        self.integer = True
        self.low = math.inf
        self.high = -math.inf

    def add(self, series):
        self.missing += int(series.isna().sum())
        values = series.dropna()
        if values.empty:
            return
        if pd.api.types.is_numeric_dtype(values) and values.dtype != bool:
            numbers = values.astype(float)
            finite_mask = np.isfinite(numbers)
            self.infinite += int((~finite_mask).sum())
            numbers = numbers[finite_mask]
            if len(numbers):
                self.low, self.high = min(self.low, numbers.min()), max(self.high, numbers.max())
                self.integer = self.integer and bool(np.all(np.mod(numbers, 1) == 0))
            values = values[finite_mask]
        else:
            self.numeric = False
        if not self.overflow:
            self.counts.update(label_text(values).tolist())
            if len(self.counts) > MAX_TRACKED_VALUES:
                self.overflow = True
                self.counts = Counter(dict(self.counts.most_common(DISPLAYED_COUNTS)))


def scan_file(task_dir, name, fmt, label=None):
    """One pass over a file: exact rows, missing and infinite counts, a uniform row sample, the label's tally."""
    while True:
        try:
            return scan_with(task_dir, name, fmt, label)
        except UnicodeDecodeError as e:
            fallback = FALLBACK_ENCODINGS.get(fmt["encoding"])
            if fallback is None:
                raise DataFileError(f"{name} is not valid {fmt['encoding']} text ({e}); save it as UTF-8")
            fmt["encoding"] = fallback


def scan_with(task_dir, name, fmt, label):
    rng = np.random.default_rng(0)
    rows = 0
    missing = None
    infinite = Counter()
    sample = None
    tally = LabelTally() if label is not None else None
    for chunk in read_chunks(task_dir, name, fmt, CHUNK_ROWS):
        chunk = chunk.set_axis(range(rows, rows + len(chunk)), axis=0)
        rows += len(chunk)
        counts = chunk.isna().sum()
        missing = counts if missing is None else missing.add(counts, fill_value=0)
        for column in chunk.columns:
            series = chunk[column]
            if pd.api.types.is_float_dtype(series):
                infinite[column] += int(np.isinf(series.to_numpy()).sum())
        if tally is not None and label in chunk.columns:
            tally.add(chunk[label])
        keyed = chunk.assign(__key=rng.random(len(chunk)))
        sample = keyed if sample is None else pd.concat([sample, keyed], copy=False)
        if len(sample) > SAMPLE_ROWS:
            sample = sample.nsmallest(SAMPLE_ROWS, "__key")
    if sample is None or rows == 0:
        raise DataFileError(f"CSV file has a header but no rows: {os.path.join(task_dir, name)}")
    sample = sample.sort_index().drop(columns="__key")
    return {
        "rows": rows,
        "missing": {c: int(v) for c, v in missing.items()},
        "infinite": {c: n for c, n in infinite.items() if n},
        "sample": sample,
        "tally": tally,
    }


def write_plain_copy(task_dir, name, fmt, out_dir):
    """Writes the file's cells, as text, to out_dir/<name>.csv as UTF-8 comma-separated CSV."""
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, f"{name}.csv")
    partial = f"{target}.partial"
    with open(partial, "w", encoding="utf-8", newline="") as out:
        for i, chunk in enumerate(read_chunks(task_dir, name, fmt, CHUNK_ROWS, dtype=str, keep_default_na=False)):
            chunk.to_csv(out, index=False, header=i == 0)
    os.replace(partial, target)


def read_heads(task_dir, names, formats):
    """The first HEAD_ROWS rows of every file, read to infer the roles."""
    heads = {}
    for name in names:
        while True:
            try:
                heads[name] = next(iter(read_chunks(task_dir, name, formats[name], HEAD_ROWS, nrows=HEAD_ROWS)), None)
                break
            except UnicodeDecodeError:
                fallback = FALLBACK_ENCODINGS.get(formats[name]["encoding"])
                if fallback is None:
                    raise
                formats[name]["encoding"] = fallback
        if heads[name] is None or len(heads[name]) == 0:
            fail(f"CSV file has a header but no rows: {os.path.join(task_dir, name)}")
    return heads


def pick_roles(names, task_dir):
    sample = next((n for n in names if "sample" in n.lower() and "submission" in n.lower()), None)
    sample = sample or next((n for n in names if "submission" in n.lower()), None)
    train = next((n for n in names if "train" in n.lower()), None)
    test = next((n for n in names if "test" in n.lower() and n != sample), None)
    others = [n for n in names if n not in (sample, test)]
    if train is None and others:
        train = max(others, key=lambda n: os.path.getsize(os.path.join(task_dir, n)))
    if train is None:
        fail("no training data file found (expected a file named like train.csv)")
    return train, test, sample


def id_like(name, series):
    """Whether a sample-submission column is an id: an id-like name, or distinct values."""
    return bool(ID_NAME.search(str(name))) or bool(series.is_unique)


def infer_columns(train, test, sample):
    """(id column, target columns, label column, class columns, target kind) from the files' heads."""
    id_column = None
    target_columns = []
    label = None
    class_columns = None
    kind = "single"
    if sample is not None:
        first = sample.columns[0]
        if test is None or first in test.columns or (len(sample.columns) > 1 and id_like(first, sample[first])):
            id_column = first
        target_columns = [c for c in sample.columns if c != id_column]
        in_train = [c for c in target_columns if c in train.columns]
        if in_train:
            label = in_train[0]
            if len(in_train) > 1:
                kind = "multi_target"
        elif len(target_columns) > 1:
            # one probability column per class: find the train column whose values are those names
            wanted = {str(c) for c in target_columns}
            for c in train.columns:
                if test is not None and c in test.columns:
                    continue
                if set(label_text(train[c]).unique()) <= wanted:
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
        ids = [c for c in test.columns if ID_NAME.search(c) and test[c].is_unique]
        id_column = ids[0] if ids else None
    return id_column, target_columns, label, class_columns, kind


def multi_label_separator(values):
    """The separator of a label that lists several labels per row ("cat dog"), or None."""
    text = values.astype(str).str.strip()
    text = text[text != ""]
    if len(text) < 10:
        return None
    distinct = text.nunique()
    for separator in MULTI_LABEL_SEPARATORS:
        tokens = text.str.split(re.escape(separator), regex=True)
        multi = tokens.map(lambda parts: len([p for p in parts if p]) > 1).mean()
        vocabulary = {p for parts in tokens for p in parts if p}
        if multi >= 0.2 and len(vocabulary) < distinct and len(vocabulary) <= 1000 and max(map(len, vocabulary)) <= 40:
            return separator
    return None


def label_facts(tally, sample_values, classes_hint):
    counts = tally.counts
    facts = {
        "unique": len(counts) if not tally.overflow else MAX_TRACKED_VALUES + 1,
        "numeric": bool(tally.numeric),
        "integer": bool(tally.numeric and tally.integer),
        "missing": tally.missing,
        "infinite": tally.infinite,
        "valueCounts": {str(k): int(v) for k, v in counts.most_common(DISPLAYED_COUNTS)},
        "classes": None if tally.overflow else sorted(counts),
    }
    if tally.numeric and math.isfinite(tally.low):
        finite_values = sample_values.astype(float)
        finite_values = finite_values[np.isfinite(finite_values)]
        skew = finite(finite_values.skew()) if len(finite_values) > 2 else 0.0
        facts.update(min=finite(tally.low), max=finite(tally.high), skew=skew)
    if classes_hint:
        facts["classColumns"] = classes_hint
    return facts


def image_facts(found, train_sample):
    """Image files of the task, and the training column that names them."""
    column = next(
        (c for c in train_sample.columns if train_sample[c].dtype == object and train_sample[c].dropna().astype(str).str.contains(IMAGE_VALUE).mean() > 0.5),
        None,
    )
    return {"imageFiles": found["images"], "imageDirs": found["image_dirs"], "imageColumn": column}


def main(task_dir, reference_out):
    try:
        found = list_task_files(task_dir)
    except DataFileError as e:
        fail(str(e))
    names = found["table"] + found["parquet"]
    if not names:
        unsupported = "; ".join(f"{n} is {label}" for n, label in found["unsupported"])
        if unsupported:
            fail(f"no readable data file in {task_dir}: {unsupported}, which is not supported; save the data as CSV")
        if found["images"]:
            fail(
                f"no data table in {task_dir}: it holds {found['images']} image files but no CSV listing the training rows "
                "and their labels; add train.csv (and test.csv) naming each image"
            )
        fail(f"no CSV files in {task_dir}")
    try:
        formats = {name: detect_format(task_dir, name) for name in names}
        heads = read_heads(task_dir, names, formats)
        train_name, test_name, sample_name = pick_roles(names, task_dir)
        id_column, target_columns, label, class_columns, target_kind = infer_columns(
            heads[train_name], heads.get(test_name) if test_name else None, heads.get(sample_name) if sample_name else None
        )
        scans = {name: scan_file(task_dir, name, formats[name], label if name == train_name else None) for name in names}
        reference = sample_name or test_name
        if reference_out and reference and not is_plain(formats[reference]):
            write_plain_copy(task_dir, reference, formats[reference], reference_out)
    except DataFileError as e:
        fail(str(e))

    train_scan = scans[train_name]
    tally = train_scan["tally"]
    present = sum(tally.counts.values()) if not tally.overflow else 1
    if present == 0:
        fail(
            f"the target column {label} of {train_name} has no values: all {train_scan['rows']} rows are empty"
            + (f" or infinite ({tally.infinite} infinite)" if tally.infinite else "")
        )
    train_sample = train_scan["sample"]
    label_values = train_sample[label].dropna()
    separator = None
    if target_kind == "single" and class_columns is None and not tally.numeric:
        separator = multi_label_separator(label_values)
        if separator is not None:
            target_kind = "multi_label"

    files = []
    for name in names:
        scan = scans[name]
        sample = scan["sample"]
        files.append({
            "name": name,
            "rows": scan["rows"],
            "bytes": os.path.getsize(os.path.join(task_dir, name)),
            "columns": [profile_column(c, sample[c], scan) for c in sample.columns],
            "sampledRows": len(sample) if len(sample) < scan["rows"] else None,
            "format": formats[name],
        })

    test_head = heads.get(test_name) if test_name else None
    train_only = []
    if test_head is not None:
        train_only = [c for c in heads[train_name].columns if c not in test_head.columns and c not in (label, id_column)]
    if target_kind == "multi_target":
        train_only = [c for c in train_only if c not in target_columns]

    sample_frame = scans[sample_name]["sample"] if sample_name else None
    sample_values = []
    sample_numeric_fraction = None
    if sample_frame is not None and target_columns and class_columns is None:
        sample_values = [str(v) for v in pd.unique(sample_frame[target_columns[0]].dropna())[:SAMPLE_VALUES]]
        col = pd.to_numeric(sample_frame[target_columns[0]], errors="coerce")
        if col.notna().all():
            sample_numeric_fraction = bool(((col > 0) & (col < 1)).any())

    print(json.dumps({
        "files": files,
        "trainFile": train_name,
        "testFile": test_name,
        "sampleSubmissionFile": sample_name,
        "idColumn": id_column,
        "idInTest": bool(test_head is None or id_column is None or id_column in test_head.columns),
        "targetColumns": target_columns,
        "labelColumn": label,
        "targetKind": target_kind,
        "labelSeparator": separator,
        "label": label_facts(tally, label_values, class_columns),
        "trainOnlyColumns": train_only,
        "sampleValues": sample_values,
        "sampleHasFractions": sample_numeric_fraction,
        "images": image_facts(found, train_sample),
    }))


if __name__ == "__main__":
    args = sys.argv[1:]
    out = None
    if len(args) == 3 and args[1] == "--reference-out":
        out = args[2]
        args = args[:1]
    if len(args) != 1 or not os.path.isdir(args[0]):
        fail("usage: profile_data.py <task-dir> [--reference-out DIR]")
    main(args[0], out)
