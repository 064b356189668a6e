"""Model ops: each registers one member of the blend (an estimator, the view it reads and its weight)."""
import importlib.util

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .runtime import log, op


def register(s, name, weight, view, estimator, note=None):
    """Adds a blend member; a name already taken keeps the first model."""
    if name in s.models:
        return log(f"model {name}: a model of that name exists already, skipped")
    s.models[name] = {"view": view, "estimator": estimator}
    s.weights[name] = float(weight)
    if note:
        log(f"model {name}: {note}")


@op(needs=(), defines=("models", "weights"))
def start_models(s):
    """An empty blend: name -> {view, estimator}, and name -> weight."""
    s.models, s.weights = {}, {}


@op(needs=("models", "weights", "is_classifier", "seed"), defines=())
def hist_gradient_boosting(s, name="hgb", weight=1.0, learning_rate=0.1, max_iter=100, max_leaf_nodes=31, min_samples_leaf=20,
                           l2_regularization=0.0, max_depth=None, class_weight=None, early_stopping=False, view="tree"):
    """Histogram gradient-boosted trees on the tree view (missing values handled natively)."""
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    args = dict(learning_rate=learning_rate, max_iter=max_iter, max_leaf_nodes=max_leaf_nodes, min_samples_leaf=min_samples_leaf,
                l2_regularization=l2_regularization, max_depth=max_depth, random_state=s.seed,
                early_stopping=early_stopping, validation_fraction=0.1 if early_stopping else None, n_iter_no_change=20)
    if s.is_classifier:
        estimator = HistGradientBoostingClassifier(class_weight=class_weight, **args)
    else:
        estimator = HistGradientBoostingRegressor(**args)
    register(s, name, weight, view, estimator)


def library_available(module):
    """Whether a Python module can be imported here (the environment probe of the ops)."""
    return importlib.util.find_spec(module) is not None


@op(needs=("models", "weights", "is_classifier", "seed"), defines=())
def xgboost(s, name="xgb", weight=1.0, n_estimators=500, learning_rate=0.05, max_depth=5, subsample=0.8, colsample_bytree=0.8,
            min_child_weight=1.0, reg_lambda=1.0, threads=1, view="tree"):
    """XGBoost gradient-boosted trees (histogram method, row and column subsampling) on the tree view.

    One thread by default: on a shared 2-core machine two OpenMP threads wait on each other (25x slower measured).
    """
    if not library_available("xgboost"):
        log(f"model {name}: xgboost is not installed here; histogram gradient boosting stands in")
        return hist_gradient_boosting(s, name=name, weight=weight, learning_rate=learning_rate, max_iter=n_estimators,
                                      max_depth=max_depth, l2_regularization=reg_lambda, view=view)
    from xgboost import XGBClassifier, XGBRegressor

    args = dict(n_estimators=n_estimators, learning_rate=learning_rate, max_depth=max_depth, subsample=subsample,
                colsample_bytree=colsample_bytree, min_child_weight=min_child_weight, reg_lambda=reg_lambda, tree_method="hist",
                n_jobs=threads, random_state=s.seed)
    register(s, name, weight, view, XGBClassifier(**args) if s.is_classifier else XGBRegressor(**args))


@op(needs=("models", "weights", "is_classifier", "seed"), defines=())
def lightgbm(s, name="lgbm", weight=1.0, n_estimators=300, learning_rate=0.05, num_leaves=31, min_child_samples=20, reg_lambda=0.0,
             class_weight=None, threads=1, view="tree"):
    """LightGBM gradient-boosted trees on the tree view (the coder plans it where the environment probe finds lightgbm).

    One thread by default, as XGBoost: OpenMP threads on a shared 2-core machine wait on each other.
    """
    if not library_available("lightgbm"):
        log(f"model {name}: lightgbm is not installed here; histogram gradient boosting stands in")
        return hist_gradient_boosting(s, name=name, weight=weight, learning_rate=learning_rate, max_iter=n_estimators,
                                      max_leaf_nodes=num_leaves, min_samples_leaf=min_child_samples,
                                      l2_regularization=reg_lambda, class_weight=class_weight, view=view)
    from lightgbm import LGBMClassifier, LGBMRegressor

    args = dict(n_estimators=n_estimators, learning_rate=learning_rate, num_leaves=num_leaves, min_child_samples=min_child_samples,
                reg_lambda=reg_lambda, n_jobs=threads, random_state=s.seed, verbose=-1)
    estimator = LGBMClassifier(class_weight=class_weight, **args) if s.is_classifier else LGBMRegressor(**args)
    register(s, name, weight, view, estimator)


def forest(s, kind, name, weight, n_estimators, min_samples_leaf, max_features, class_weight, threads, view):
    """A random forest or extra-trees member on the median-imputed forest view."""
    from sklearn import ensemble

    cls = getattr(ensemble, f"{kind}{'Classifier' if s.is_classifier else 'Regressor'}")
    args = dict(n_estimators=n_estimators, min_samples_leaf=min_samples_leaf, max_features=max_features, n_jobs=threads,
                random_state=s.seed)
    if s.is_classifier:
        args["class_weight"] = class_weight
    elif max_features == "sqrt":
        args["max_features"] = 0.5
    register(s, name, weight, view, cls(**args))


@op(needs=("models", "weights", "is_classifier", "seed"), defines=())
def random_forest(s, name="rf", weight=1.0, n_estimators=300, min_samples_leaf=2, max_features="sqrt", class_weight=None, threads=2,
                  view="forest"):
    """A random forest of nearly fully grown trees."""
    forest(s, "RandomForest", name, weight, n_estimators, min_samples_leaf, max_features, class_weight, threads, view)


@op(needs=("models", "weights", "is_classifier", "seed"), defines=())
def extra_trees(s, name="et", weight=1.0, n_estimators=300, min_samples_leaf=2, max_features="sqrt", class_weight=None, threads=2,
                view="forest"):
    """Extremely randomised trees."""
    forest(s, "ExtraTrees", name, weight, n_estimators, min_samples_leaf, max_features, class_weight, threads, view)


def linear_classifier(C, class_weight, max_iter, classes, sparse_text):
    """Logistic regression: liblinear (one-vs-rest for several classes) on text or two classes, fast on sparse data;
    lbfgs multinomial for several classes on plain tables (better calibrated, fast when dense and small)."""
    from sklearn.linear_model import LogisticRegression

    solver = "liblinear" if len(classes) == 2 or sparse_text else "lbfgs"
    return LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter, solver=solver)


@op(needs=("models", "weights", "is_classifier", "classes", "text_cols"), defines=())
def logistic_regression(s, name="logreg", weight=1.0, C=1.0, class_weight=None, max_iter=2000, view="linear"):
    """L2-regularised logistic regression (ridge regression stands in on a regression task)."""
    from sklearn.linear_model import Ridge

    if not s.is_classifier:
        return register(s, name, weight, view, Ridge(alpha=1.0 / C), "a regression: ridge regression stands in")
    register(s, name, weight, view, linear_classifier(C, class_weight, max_iter, s.classes, bool(s.text_cols)))


@op(needs=("models", "weights", "is_classifier", "classes", "text_cols"), defines=())
def ridge(s, name="ridge", weight=1.0, alpha=10.0, view="linear"):
    """Ridge regression (logistic regression stands in on a classification task)."""
    from sklearn.linear_model import Ridge

    if s.is_classifier:
        estimator = linear_classifier(1.0 / alpha, None, 2000, s.classes, bool(s.text_cols))
        return register(s, name, weight, view, estimator, "a classification: logistic regression stands in")
    register(s, name, weight, view, Ridge(alpha=alpha))


@op(needs=("models", "weights", "is_classifier", "seed"), defines=())
def sgd_linear(s, name="sgd", weight=1.0, alpha=2e-5, epochs=15, view="linear"):
    """A linear model trained by stochastic gradient descent (logistic loss, or squared loss for regression): large sparse data."""
    from sklearn.linear_model import SGDClassifier, SGDRegressor

    args = dict(alpha=alpha, max_iter=epochs, tol=None, random_state=s.seed)
    estimator = SGDClassifier(loss="log_loss", **args) if s.is_classifier else SGDRegressor(penalty="l2", **args)
    register(s, name, weight, view, estimator)


class NbLogisticRegression(ClassifierMixin, BaseEstimator):
    """NB-SVM style: features scaled by their naive-Bayes log-count ratio, then logistic regression (one-vs-rest)."""

    def __init__(self, C=4.0, alpha=1.0, max_iter=2000):
        self.C, self.alpha, self.max_iter = C, alpha, max_iter

    def fit(self, X, y):
        from sklearn.linear_model import LogisticRegression

        self.classes_ = np.unique(y)
        present = (X > 0).astype(np.float64)
        targets = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        self.members_ = []
        for c in targets:
            p = np.asarray(present[y == c].sum(axis=0)).ravel() + self.alpha
            q = np.asarray(present[y != c].sum(axis=0)).ravel() + self.alpha
            ratio = np.log((p / p.sum()) / (q / q.sum()))
            model = LogisticRegression(C=self.C, solver="liblinear", max_iter=self.max_iter).fit(X.multiply(ratio).tocsr(), y == c)
            self.members_.append((ratio, model))
        return self

    def predict_proba(self, X):
        scores = np.column_stack([m.predict_proba(X.multiply(r).tocsr())[:, 1] for r, m in self.members_])
        if len(self.classes_) == 2:
            return np.column_stack([1 - scores[:, 0], scores[:, 0]])
        return scores / np.clip(scores.sum(axis=1, keepdims=True), 1e-12, None)

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


@op(needs=("models", "weights", "is_classifier"), defines=())
def nb_logistic_regression(s, name="nblr", weight=1.0, C=4.0, alpha=1.0):
    """NB-SVM (naive-Bayes-weighted logistic regression) on the TF-IDF text view; classification only."""
    if not s.is_classifier:
        return log(f"model {name}: NB-SVM needs classes; skipped on a regression")
    register(s, name, weight, "text", NbLogisticRegression(C=C, alpha=alpha))
