"""Feature engineering on the typed feature table: calendar, codes, words, counts, totals, lags."""
import re

import numpy as np
import pandas as pd

from .runtime import log, op

TEXT_PATTERNS = {"chars": r".", "words": r"\S+", "digits": r"\d", "capitals": r"[A-Z]", "links": r"https?://",
                 "hashtags": r"#\w", "mentions": r"@\w", "marks": r"[!?]"}


def add_numeric(s, name, values):
    """Adds a numeric feature column (once)."""
    s.features[name] = np.asarray(values, dtype=float)
    if name not in s.num_cols:
        s.num_cols.append(name)


def add_categorical(s, name, values):
    """Adds a categorical feature column (once)."""
    s.features[name] = values
    if name not in s.cat_cols:
        s.cat_cols.append(name)


@op(needs=("full", "features", "num_cols", "columns"), defines=())
def datetime_features(s, parts=("year", "month", "day", "dayofweek", "hour"), elapsed=False):
    """Calendar parts of every datetime column (and elapsed days when asked); raw stamps are not features."""
    for col in s.columns["datetime"]:
        stamp = pd.to_datetime(s.full[col], errors="coerce")
        for part in parts:
            values = getattr(stamp.dt, part)
            if values.nunique() > 1:
                add_numeric(s, f"{col}_{part}", values.astype(float))
        if elapsed:
            add_numeric(s, f"{col}_elapsed_days", (stamp - stamp.min()).dt.total_seconds() / 86400.0)


def split_parts(series, max_parts):
    """Splits strings on the separator (nearly) every value has equally often; None when none fits."""
    values = series.dropna().astype(str)
    if values.empty:
        return None
    for sep in ["/", "_", "-", ":", ",", " "]:
        counts = values.str.count(re.escape(sep))
        mode = int(counts.mode().iloc[0])
        if 0 < mode < max_parts and (counts == mode).mean() > 0.9:
            return series.astype(str).str.split(sep, n=mode, expand=True, regex=False)
    return None


@op(needs=("full", "features", "num_cols", "cat_cols", "high_cols", "id_col"), defines=())
def string_parts(s, max_parts=4, include_id=True, max_categories=50):
    """Splits structured codes (deck/number/side, group_member) into parts, with group sizes of many-valued parts."""
    columns = list(s.high_cols) + ([s.id_col] if include_id and s.id_col and s.id_col in s.full else [])
    for col in columns:
        parts = split_parts(s.full[col], max_parts)
        if parts is None:
            continue
        for j in parts.columns:
            name = f"{col}_part{j}"
            part = parts[j].where(s.full[col].notna()).str.strip()
            number = pd.to_numeric(part, errors="coerce")
            distinct = part.nunique()
            if number.notna().sum() >= 0.9 * part.notna().sum():
                add_numeric(s, name, number)
            elif distinct <= max_categories:
                add_categorical(s, name, part)
            if distinct > max_categories:
                add_numeric(s, f"{name}_count", part.map(part.value_counts()).fillna(0))


@op(needs=("full", "features", "num_cols", "high_cols"), defines=())
def token_indicators(s, min_share=0.03, max_share=0.9, max_tokens=20):
    """Indicators of the words that recur in high-cardinality strings (titles, prefixes)."""
    for col in s.high_cols:
        words = s.full[col].fillna("").astype(str).str.lower().str.findall(r"[a-z]{2,}").map(set)
        share = words.explode().dropna().value_counts() / len(s.full)
        frequent = share[(share >= min_share) & (share <= max_share)].index[:max_tokens]
        for word in frequent:
            add_numeric(s, f"{col}_has_{word}", words.map(lambda found, w=word: float(w in found)))


@op(needs=("full", "features", "num_cols", "cat_cols", "high_cols"), defines=())
def frequency_encoding(s, first_letter=True):
    """How often each value of a high-cardinality column occurs in train and test (and its first letter as a category)."""
    for col in s.high_cols:
        add_numeric(s, f"{col}_count", s.full[col].map(s.full[col].value_counts()).fillna(0))
        if first_letter:
            initial = s.full[col].astype(str).str[0].where(s.full[col].notna())
            if 1 < initial.nunique() <= 30:
                add_categorical(s, f"{col}_initial", initial)


@op(needs=("full", "features", "num_cols", "text_cols"), defines=())
def text_statistics(s):
    """Characters, words, digits, capitals, links, hashtags, mentions and marks of every free-text column."""
    for col in s.text_cols:
        for stat, pattern in TEXT_PATTERNS.items():
            add_numeric(s, f"{col}_{stat}", s.features[col].str.count(pattern))


@op(needs=("full", "features", "num_cols", "cat_cols", "high_cols", "columns"), defines=())
def missing_indicators(s, min_share=0.05):
    """A 0/1 indicator per column with a notable share of missing values."""
    raw = s.columns["numeric"] + s.columns["categorical"] + s.columns["high_cardinality"]
    for col in [c for c in raw if c in s.num_cols + s.cat_cols + s.high_cols]:
        missing = s.full[col].isna()
        if min_share <= missing.mean() < 1:
            add_numeric(s, f"{col}_missing", missing)


@op(needs=("features", "num_cols", "columns"), defines=())
def amount_totals(s, min_zero_share=0.3, min_columns=2):
    """Row total, log total and count of non-zero values over the non-negative, mostly-zero numeric columns (amounts, counts; not 0/1 flags)."""
    amounts = [c for c in s.columns["numeric"] if c in s.num_cols]
    amounts = [c for c in amounts if s.features[c].min() >= 0 and (s.features[c] == 0).mean() >= min_zero_share
               and s.features[c].nunique() > 2]
    if len(amounts) < min_columns:
        return
    values = s.features[amounts]
    add_numeric(s, "amounts_total", values.fillna(0).sum(axis=1))
    add_numeric(s, "amounts_log_total", np.log1p(values.fillna(0).sum(axis=1)))
    add_numeric(s, "amounts_nonzero", (values.fillna(0) > 0).sum(axis=1))
    log(f"amount totals over {', '.join(amounts)}")


def seasonal_period(step_seconds):
    """The natural cycle of a regular series in steps: a day of hours, a week of days, else none."""
    if abs(step_seconds - 3600) < 1:
        return 24
    if abs(step_seconds - 86400) < 1:
        return 7
    return 1


@op(needs=("full", "features", "feature_parts", "y", "n_train", "is_classifier"), defines=("lag_cols",))
def target_lags(s, time_col, windows=(1, 4)):
    """Lags and rolling means of the training target, only at distances every test row can see (the horizon).

    The horizon is the longest run from a test row back to the last training row before it, in steps of the
    series; features use target values at least that far back, so test rows get them exactly as training rows do.
    They form the "+lags" views (e.g. "tree+lags"): models on the plain views do without them, and the blend
    weighs both by the holdout score.
    """
    s.lag_cols = []
    if s.is_classifier:
        return
    stamp = pd.to_datetime(s.full[time_col], errors="coerce")
    if stamp.isna().mean() > 0.01:
        return log(f"target lags skipped: {time_col} is not a clean timestamp")
    times = np.sort(stamp.unique())
    step = float(np.median(np.diff(times).astype("timedelta64[s]").astype(float))) if len(times) > 2 else 0.0
    if step <= 0:
        return
    grid = np.round((stamp - stamp.min()).dt.total_seconds().to_numpy() / step).astype(int)
    train_grid = grid[: s.n_train]
    known = np.full(grid.max() + 1, np.nan)
    frame = pd.DataFrame({"k": train_grid, "y": s.y}).groupby("k").y.mean()
    known[frame.index.to_numpy()] = frame.to_numpy()
    seen = np.maximum.accumulate(np.where(np.isnan(known), -1, np.arange(len(known))))
    test_grid = grid[s.n_train:]
    horizon = int(np.max(test_grid - seen[test_grid])) if len(test_grid) else 1
    horizon = max(horizon, 1)
    period = seasonal_period(step)
    if horizon * 2 > len(known):
        return log(f"target lags skipped: horizon {horizon} steps of a {len(known)}-step series")
    lag = int(np.ceil(horizon / period) * period)
    series = pd.Series(known)
    columns = {f"target_lag_{lag}": series.shift(lag).to_numpy()[grid]}
    for w in windows:
        width = w * period
        rolled = series.rolling(width, min_periods=max(1, width // 4)).mean().shift(horizon)
        columns[f"target_mean_{width}_before_{horizon}"] = rolled.to_numpy()[grid]
    for name, values in columns.items():
        s.features[name] = values
        s.lag_cols.append(name)

    def lag_part(view, frame, n_train):
        if "+lags" not in view or view.startswith(("linear", "text")):
            return None
        values = frame[s.lag_cols].astype(float)
        if view.startswith("forest"):
            values = values.fillna(values.iloc[:n_train].median()).fillna(0.0)
        return values.to_numpy(dtype=np.float32)

    s.feature_parts.append(lag_part)
    log(f"target lags at horizon {horizon} steps (period {period}): lag {lag}, windows {[w * period for w in windows]}")
