"""Encodings of the feature table into model matrices (views), fitted once on train and test rows without labels.

Views: "tree" (numbers with missing values kept, ordinal categories) for gradient boosting, "forest" (the
same, median-imputed) for random forests, "linear" (scaled numbers, one-hot categories, TF-IDF text; sparse)
and "text" (TF-IDF text only) for linear and naive-Bayes-style models. Target encodings and stacked text scores
are the only label-aware features: both are out-of-fold on the training rows.
"""
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from .runtime import log, op


def base_view(view):
    """The view a name builds on: "tree+lags" -> "tree"."""
    return view.split("+")[0]


def signed_log(values):
    """log1p of magnitudes with the sign kept (compresses skewed columns, finite everywhere)."""
    return np.sign(values) * np.log1p(np.abs(values))


@op(needs=("feature_parts",), defines=())
def numeric_features(s, log_skewed=True, skew_threshold=1.0):
    """Numbers as they are for trees (missing kept; median-imputed for forests); imputed, log-compressed and scaled for linear models."""

    def numeric_part(view, frame, n_train):
        view = base_view(view)
        if view == "text":
            return None
        values = frame[s.num_cols].astype(float) if s.num_cols else pd.DataFrame(index=frame.index)
        medians = values.iloc[:n_train].median()
        if view == "tree":
            return values.to_numpy(dtype=np.float32)
        filled = values.fillna(medians).fillna(0.0)
        if view == "forest":
            return filled.to_numpy(dtype=np.float32)
        train_part = filled.iloc[:n_train]
        skewed = [c for c in filled.columns if log_skewed and abs(train_part[c].skew()) > skew_threshold]
        filled[skewed] = signed_log(filled[skewed])
        scaled = StandardScaler().fit(filled.iloc[:n_train]).transform(filled) if len(filled.columns) else filled.to_numpy()
        return sp.csr_matrix(np.clip(np.nan_to_num(scaled), -10, 10))

    s.feature_parts.append(numeric_part)


@op(needs=("feature_parts",), defines=())
def categorical_encoding(s, min_frequency=3, high_cardinality_tree="drop"):
    """Ordinal codes for trees (unseen values -> -1); one-hot with rare values grouped for linear models."""

    def categorical_part(view, frame, n_train):
        view = base_view(view)
        tree_cols = list(s.cat_cols) + (list(s.high_cols) if high_cardinality_tree == "ordinal" else [])
        cols = tree_cols if view in ("tree", "forest") else list(s.cat_cols) + list(s.high_cols)
        if view == "text" or not cols:
            return None
        values = frame[cols].astype(object).where(frame[cols].notna(), "(missing)").astype(str)
        if view in ("tree", "forest"):
            codes = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(values.iloc[:n_train])
            return codes.transform(values).astype(np.float32)
        onehot = OneHotEncoder(handle_unknown="ignore", min_frequency=min_frequency).fit(values.iloc[:n_train])
        return onehot.transform(values).tocsr()

    s.feature_parts.append(categorical_part)


def fold_splitter(y, is_classifier, folds, seed):
    """Stratified folds for classes that allow it, else plain shuffled folds."""
    if is_classifier and np.bincount(y).min() >= folds:
        return StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return KFold(n_splits=folds, shuffle=True, random_state=seed)


def target_statistics(keys, targets, smoothing, prior):
    """Smoothed mean target per key: (sum + smoothing * prior) / (count + smoothing)."""
    frame = pd.DataFrame({"k": keys, "t": targets}).groupby("k").t.agg(["sum", "count"])
    return (frame["sum"] + smoothing * prior) / (frame["count"] + smoothing)


@op(needs=("features", "num_cols", "cat_cols", "high_cols", "y", "n_train", "is_classifier", "classes", "seed"), defines=())
def target_encoding(s, smoothing=20.0, folds=5, columns="high"):
    """Out-of-fold smoothed target means of high-cardinality (or all) categoricals: per class for multiclass tasks."""
    cols = list(s.high_cols) + (list(s.cat_cols) if columns == "all" else [])
    if not cols:
        return
    n = s.n_train
    if s.is_classifier:
        classes = range(len(s.classes)) if len(s.classes) > 2 else [1]
        targets = [(s.y == c).astype(float) for c in classes]
    else:
        targets = [np.asarray(s.y, dtype=float)]
    splitter = fold_splitter(s.y, s.is_classifier, folds, s.seed)
    for col in cols:
        keys = s.features[col].fillna("(missing)").astype(str).to_numpy()
        for j, target in enumerate(targets):
            prior = float(target.mean())
            encoded = np.full(len(keys), prior)
            for fit_rows, enc_rows in splitter.split(np.zeros(n), s.y):
                stats = target_statistics(keys[fit_rows], target[fit_rows], smoothing, prior)
                encoded[enc_rows] = pd.Series(keys[enc_rows]).map(stats).fillna(prior).to_numpy()
            stats = target_statistics(keys[:n], target, smoothing, prior)
            encoded[n:] = pd.Series(keys[n:]).map(stats).fillna(prior).to_numpy()
            name = f"{col}_target{'' if len(targets) == 1 else f'_{j}'}"
            s.features[name] = encoded
            s.num_cols.append(name)
    log(f"out-of-fold target encoding of {', '.join(cols)}")


@op(needs=("features", "text_cols", "feature_parts"), defines=("text_matrices",))
def text_tfidf(s, word_ngrams=2, char_ngrams=0, max_features=50000, char_max_features=50000, min_df=2, tree_svd=0):
    """TF-IDF of words (and character n-grams when asked) of each text column, vocabularies capped; an SVD of it for trees."""
    s.text_matrices = {}
    for col in s.text_cols:
        docs = s.features[col]
        parts = [TfidfVectorizer(ngram_range=(1, word_ngrams), min_df=min_df, max_features=max_features, sublinear_tf=True,
                                 strip_accents="unicode").fit_transform(docs)]
        if char_ngrams >= 2:
            parts.append(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, char_ngrams), min_df=min_df,
                                         max_features=char_max_features, sublinear_tf=True).fit_transform(docs))
        s.text_matrices[col] = sp.hstack(parts).tocsr()
        log(f"text {col}: {s.text_matrices[col].shape[1]} TF-IDF features")

    def text_part(view, frame, n_train):
        view = base_view(view)
        if not s.text_matrices:
            return None
        if view in ("linear", "text"):
            return sp.hstack(list(s.text_matrices.values())).tocsr()
        if tree_svd <= 0:
            return None
        from sklearn.decomposition import TruncatedSVD

        blocks = []
        for matrix in s.text_matrices.values():
            k = min(tree_svd, matrix.shape[1] - 1)
            blocks.append(TruncatedSVD(n_components=k, random_state=0).fit_transform(matrix).astype(np.float32))
        return np.hstack(blocks)

    s.feature_parts.append(text_part)


@op(needs=("text_matrices", "features", "num_cols", "y", "n_train", "is_classifier", "classes", "seed", "budget"), defines=())
def text_model_feature(s, C=1.0, folds=5, share=0.25):
    """Stacks a linear model of the text: its out-of-fold score per class becomes a numeric feature the trees blend with the side columns.

    Logistic regression by liblinear (one-vs-rest for several classes: fast on sparse text); skipped, with a note, when
    its folds would take more than ``share`` of the time left.
    """
    if not s.text_matrices:
        return
    matrix = sp.hstack(list(s.text_matrices.values())).tocsr()
    n = s.n_train
    train, test = matrix[:n], matrix[n:]
    splitter = fold_splitter(s.y, s.is_classifier, folds, s.seed)
    outputs = 1 if not s.is_classifier or len(s.classes) == 2 else len(s.classes)
    make = (lambda: LogisticRegression(C=C, solver="liblinear")) if s.is_classifier else (lambda: Ridge(alpha=1.0 / C))

    def scores(model, rows):
        if not s.is_classifier:
            return model.predict(rows).reshape(-1, 1)
        proba = np.clip(model.predict_proba(rows), 1e-6, 1 - 1e-6)
        logit = np.log(proba / (1 - proba))
        return logit[:, 1:2] if outputs == 1 else logit

    stacked = np.zeros((matrix.shape[0], outputs))
    started = time.time()
    for f, (fit_rows, score_rows) in enumerate(splitter.split(np.zeros(n), s.y)):
        stacked[score_rows] = scores(make().fit(train[fit_rows], s.y[fit_rows]), train[score_rows])
        projected = (time.time() - started) * folds
        if f == 0 and projected > share * s.budget.left():
            return log(f"stacked text scores skipped: {folds + 1} fits would need {projected:.0f} s of the {s.budget.left():.0f} s left")
    stacked[n:] = scores(make().fit(train, s.y), test)
    for j in range(outputs):
        name = f"text_score_{j}"
        s.features[name] = stacked[:, j]
        s.num_cols.append(name)
    log(f"stacked out-of-fold text scores ({outputs} column(s)) in {time.time() - started:.1f} s")


@op(needs=("features", "feature_parts", "n_train", "num_cols", "cat_cols", "high_cols", "text_cols"), defines=("views", "X", "X_test"))
def assemble_features(s):
    """Builds each view's matrix once from the registered parts; models index its train rows and test rows."""
    n = s.n_train
    s.X = s.features.iloc[:n].reset_index(drop=True)
    s.X_test = s.features.iloc[n:].reset_index(drop=True)
    cache = {}

    def view(name):
        if name not in cache:
            blocks = [b for b in (part(name, s.features, n) for part in s.feature_parts) if b is not None and b.shape[1] > 0]
            if not blocks:
                raise ValueError(f'the "{name}" view has no features')
            sparse = any(sp.issparse(b) for b in blocks)
            matrix = sp.hstack([sp.csr_matrix(b) for b in blocks]).tocsr() if sparse else np.hstack(blocks)
            cache[name] = (matrix[:n], matrix[n:])
            log(f"{name} view: {matrix.shape[1]} features")
        return cache[name]

    s.views = view
    log(f"features: {len(s.num_cols)} numeric, {len(s.cat_cols)} categorical, {len(s.high_cols)} high-cardinality, {len(s.text_cols)} text")
