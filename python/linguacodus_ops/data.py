"""Loading the task files, encoding the target and dropping leaky columns."""
import numpy as np
import pandas as pd

from .runtime import log, op


def canon(value):
    """A label's canonical spelling for matching: trimmed, lower case, 1.0 -> 1."""
    text = str(value).strip().lower()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else str(number)


def class_key(label):
    """Sorts numeric labels by value and the others alphabetically."""
    try:
        return (0, float(label), "")
    except ValueError:
        return (1, 0.0, label)


PLAIN_CSV = {"kind": "table", "delimiter": ",", "encoding": "utf-8", "decimal": ".", "compression": None}
CHUNK_ROWS = 100_000


def read_table(path, fmt=None, dtype=None, as_text=False, keep_fraction=None, seed=0, chunk_rows=CHUNK_ROWS):
    """Reads a task file in the format the profiler sniffed: delimited text (delimiter, encoding, decimal mark,
    compression) or Parquet. ``dtype`` maps columns to read as text; ``as_text`` reads every cell as text with blanks
    kept as ""; ``keep_fraction`` keeps that share of the rows, drawn chunk by chunk while reading a delimited file
    (the whole file is never in memory)."""
    fmt = fmt or PLAIN_CSV
    if fmt["kind"] == "parquet":
        frame = pd.read_parquet(path)
        if as_text:
            frame = frame.astype(str).where(frame.notna(), "")
        for col in dtype or {}:
            if col in frame.columns:
                frame[col] = frame[col].astype(str).where(frame[col].notna())
        return frame if keep_fraction is None else frame.sample(frac=keep_fraction, random_state=seed).sort_index()
    options = dict(sep=fmt["delimiter"], encoding=fmt["encoding"], decimal=fmt["decimal"],
                   compression=fmt.get("compression") or "infer", low_memory=False)
    options.update(dict(dtype=str, keep_default_na=False) if as_text else dict(dtype=dtype))
    if keep_fraction is None:
        return pd.read_csv(path, **options)
    with pd.read_csv(path, chunksize=chunk_rows, **options) as reader:
        chunks = [chunk.sample(frac=keep_fraction, random_state=seed + n) for n, chunk in enumerate(reader)]
    return pd.concat(chunks, ignore_index=True)


@op(
    needs=("seed",),
    defines=("train", "test", "sample", "full", "n_train", "id_col", "label", "target_cols", "is_classifier", "quick",
             "columns", "features", "num_cols", "cat_cols", "high_cols", "text_cols", "feature_parts"),
)
def load_data(s, train_path, test_path, sample_path=None, formats=None, id_col=None, label="target", target_cols=(),
              classification=True, numeric=(), categorical=(), high_cardinality=(), text=(), datetime=(), quick=False,
              quick_rows=3000, max_rows=None, train_rows=None):
    """Reads the task files in their sniffed formats, keeps labelled rows, samples rows when asked and builds the typed
    feature table. ``formats`` maps a path to its format (plain CSV when absent); with ``max_rows`` below the profiled
    ``train_rows`` of a delimited file, the sample is drawn while reading. Infinite numbers count as missing."""
    formats = formats or {}
    dtypes = {label: str} if classification else {}
    if id_col:
        dtypes[id_col] = str  # a test file without the id column: the submission takes the sample's ids in row order
    train_format = formats.get(train_path, PLAIN_CSV)
    while_reading = bool(max_rows and train_rows and max_rows < train_rows and train_format["kind"] == "table")
    fraction = max_rows / train_rows if while_reading else None
    s.train = read_table(train_path, train_format, dtypes, keep_fraction=fraction, seed=s.seed)
    if while_reading:
        log(f"sampled about {max_rows} of {train_rows} training rows while reading (memory/time)")
    s.test = read_table(test_path, formats.get(test_path), {id_col: str} if id_col else None)
    s.sample = read_table(sample_path, formats.get(sample_path), as_text=True) if sample_path else None
    if classification:
        keep = s.train[label].notna()
    else:
        keep = np.isfinite(pd.to_numeric(s.train[label], errors="coerce"))
    s.train = s.train[keep].reset_index(drop=True)
    if max_rows and len(s.train) > max_rows:
        s.train = s.train.sample(max_rows, random_state=s.seed).sort_index().reset_index(drop=True)
        log(f"sampled {max_rows} training rows (memory/time)")
    s.quick = bool(quick)
    if s.quick and len(s.train) > quick_rows:
        s.train = s.train.sample(quick_rows, random_state=s.seed).sort_index().reset_index(drop=True)
    s.id_col, s.label, s.target_cols, s.is_classifier = id_col, label, list(target_cols), bool(classification)
    s.full = pd.concat([s.train.drop(columns=[label]), s.test], ignore_index=True, sort=False)
    s.n_train = len(s.train)
    s.columns = {"numeric": list(numeric), "categorical": list(categorical), "high_cardinality": list(high_cardinality),
                 "text": list(text), "datetime": list(datetime)}
    s.features = pd.DataFrame(index=s.full.index)
    for col in numeric:
        s.features[col] = pd.to_numeric(s.full[col], errors="coerce").replace([np.inf, -np.inf], np.nan)
    for col in list(categorical) + list(high_cardinality):
        s.features[col] = s.full[col].astype(str).where(s.full[col].notna())
    for col in text:
        s.features[col] = s.full[col].fillna("").astype(str)
    s.num_cols, s.cat_cols, s.high_cols, s.text_cols = list(numeric), list(categorical), list(high_cardinality), list(text)
    s.feature_parts = []
    log(f"loaded {s.n_train} training and {len(s.test)} test rows")


@op(needs=("train", "label", "is_classifier"),
    defines=("y", "y_raw", "classes", "pos_index", "threshold", "to_labels", "to_original_scale"))
def encode_target(s, positive=None):
    """Class labels as 0..K-1 in sorted order (text kept for the submission), or the numeric target as floats."""
    s.to_original_scale = lambda values: np.asarray(values, dtype=float)
    if not s.is_classifier:
        s.y_raw = pd.to_numeric(s.train[s.label], errors="coerce").to_numpy(dtype=float)
        s.y = s.y_raw.copy()
        s.classes, s.pos_index, s.threshold, s.to_labels = None, None, None, None
        return
    text = s.train[s.label].astype(str).str.strip()
    s.classes = sorted(text.unique(), key=class_key)
    s.y = text.map({c: i for i, c in enumerate(s.classes)}).to_numpy()
    s.y_raw = s.y
    match = [i for i, c in enumerate(s.classes) if positive is not None and canon(c) == canon(positive)]
    s.pos_index = match[0] if match else len(s.classes) - 1
    s.threshold = 0.5

    def to_labels(proba):
        """Class indices: the threshold on the positive class (binary) or the most probable class."""
        if len(s.classes) == 2:
            return np.where(proba[:, s.pos_index] >= s.threshold, s.pos_index, 1 - s.pos_index)
        return proba.argmax(axis=1)

    s.to_labels = to_labels


@op(needs=("y_raw", "is_classifier"), defines=("y", "to_original_scale"))
def target_transform(s, kind="log1p"):
    """Trains on log1p of a non-negative target and maps predictions back with expm1."""
    if s.is_classifier or kind != "log1p":
        return
    s.y = np.log1p(np.clip(s.y_raw, 0, None))
    s.to_original_scale = lambda values: np.expm1(np.asarray(values, dtype=float))


@op(needs=("num_cols", "cat_cols", "high_cols", "text_cols"), defines=("leaky",))
def drop_leakage(s, columns=(), blank_in_test=()):
    """Drops id, train-only and constant columns, and columns blank in the test rows, from every feature list."""
    s.leaky = list(columns) + list(blank_in_test)
    for name in ("num_cols", "cat_cols", "high_cols", "text_cols"):
        setattr(s, name, [c for c in getattr(s, name) if c not in s.leaky])
    if blank_in_test:
        log(f"dropped columns blank in the test rows: {', '.join(blank_in_test)}")
