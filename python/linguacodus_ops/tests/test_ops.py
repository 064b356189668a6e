"""Unit tests of the ops: contracts on real pipelines, the budget guard, the leakage rules and the inlined form."""
import ast
import json
import os
import shutil
import tempfile
import time
import unittest

import numpy as np
import pandas as pd

from linguacodus_ops import data, encoders, features, manifest, metrics, models, runtime, submission, validation
from linguacodus_ops.tests.fixtures import ContractState, mixed_binary, run_op, write_task

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Workdir(unittest.TestCase):
    """A test with its own temporary directory, removed afterwards."""

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="lc-ops-")
        self.addCleanup(shutil.rmtree, self.root)


def start(test, s, paths, label, id_col, classification=True, budget=120, **columns):
    """Runs plan_budget and load_data with the given column lists."""
    run_op(test, s, runtime.plan_budget, seconds=budget, estimate=1.0, parts={"all": 1.0}, cuts=["nothing"])
    run_op(test, s, data.load_data, train_path=paths[0], test_path=paths[1], sample_path=paths[2], id_col=id_col, label=label,
           target_cols=[label], classification=classification, **columns)


class TabularPipeline(Workdir):
    def test_binary_labels_through_every_tabular_op_keep_their_contracts(self):
        frame = mixed_binary()
        paths = write_task(self.root, frame, "label", "pid", 240, sample_value="no")
        s = ContractState()
        start(self, s, paths, "label", "pid", numeric=["age", "spa", "bar", "shop"], categorical=["colour"], high_cardinality=["cabin", "name"])
        run_op(self, s, data.encode_target, positive="yes")
        run_op(self, s, data.drop_leakage, columns=["pid"])
        run_op(self, s, metrics.set_metric, metric="accuracy")
        for fn in (features.string_parts, features.token_indicators, features.frequency_encoding, features.missing_indicators,
                   features.amount_totals, encoders.target_encoding, encoders.numeric_features, encoders.categorical_encoding,
                   encoders.assemble_features, models.start_models):
            run_op(self, s, fn)
        self.assertIn("cabin_part0", s.cat_cols)
        self.assertIn("name_has_mrs", s.num_cols)
        self.assertIn("amounts_total", s.num_cols)
        self.assertIn("cabin_target", s.num_cols)
        run_op(self, s, models.hist_gradient_boosting, name="gbm", max_iter=30)
        run_op(self, s, models.logistic_regression, name="linear", C=0.5)
        run_op(self, s, models.random_forest, name="rf", n_estimators=20)
        run_op(self, s, validation.kfold_cv, folds=3)
        run_op(self, s, validation.tune_blend_weights)
        run_op(self, s, validation.tune_threshold)
        metrics_path = os.path.join(self.root, "metrics.json")
        run_op(self, s, validation.report_score, path=metrics_path)
        with open(metrics_path, encoding="utf-8") as handle:
            written_metrics = json.load(handle)
        self.assertEqual([m["name"] for m in written_metrics["models"]], ["gbm", "linear", "rf"])
        self.assertTrue(all(0.5 < m["validationScore"] <= 1 for m in written_metrics["models"]))
        self.assertAlmostEqual(sum(written_metrics["blend"].values()), 1.0)
        self.assertLessEqual(set(written_metrics["blend"]), {"gbm", "linear", "rf"})
        run_op(self, s, validation.fit_full)
        path = os.path.join(self.root, "submission.csv")
        run_op(self, s, submission.write_submission, form="label", path=path)
        run_op(self, s, runtime.report_actual)
        written = pd.read_csv(path, dtype=str)
        self.assertEqual(list(written.columns), ["pid", "label"])
        self.assertEqual(len(written), 60)
        self.assertTrue(set(written.label) <= {"yes", "no"})
        self.assertGreater(s.validation, 0.6)
        self.assertAlmostEqual(sum(s.weights.values()) / len(s.weights) * len(s.weights), sum(s.weights.values()))

    def test_columns_blank_in_test_rows_are_dropped_and_lags_respect_the_horizon(self):
        days = pd.date_range("2020-01-01", periods=200, freq="D")
        rng = np.random.default_rng(1)
        sales = 50 + 0.2 * np.arange(200) + 10 * (days.dayofweek >= 5) + rng.normal(scale=2, size=200)
        lag = pd.Series(sales).shift(1).to_numpy()
        lag[170:] = np.nan  # blank in the test rows, as a forecasting file leaves it
        frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "promo": rng.integers(0, 2, 200), "sales_lag1": lag, "sales": sales})
        paths = write_task(self.root, frame, "sales", "date", 170, sample_value=0.0)
        s = ContractState()
        start(self, s, paths, "sales", "date", classification=False, numeric=["promo", "sales_lag1"], datetime=["date"])
        run_op(self, s, data.encode_target)
        run_op(self, s, data.drop_leakage, columns=["date"], blank_in_test=["sales_lag1"])
        self.assertNotIn("sales_lag1", s.num_cols)
        run_op(self, s, features.datetime_features, elapsed=True)
        run_op(self, s, features.target_lags, time_col="date")
        lags = s.lag_cols
        self.assertEqual(lags, ["target_lag_35", "target_mean_7_before_30", "target_mean_28_before_30"])
        self.assertFalse(set(lags) & set(s.num_cols), "lags are only in the +lags views")
        run_op(self, s, encoders.numeric_features)
        run_op(self, s, encoders.assemble_features)
        self.assertEqual(s.views("tree+lags")[0].shape[1], s.views("tree")[0].shape[1] + 3)
        test_rows = s.features.iloc[170:]
        self.assertFalse(test_rows[lags].isna().any().any(), "every test row sees its lags (all at least the horizon back)")
        np.testing.assert_allclose(test_rows["target_lag_35"].to_numpy(), sales[170 - 35:200 - 35])


class TextPipeline(Workdir):
    def test_short_text_auc_with_stacked_scores_nb_svm_and_sgd(self):
        rng = np.random.default_rng(2)
        good, bad = "great lovely fine superb", "awful broken poor sad"
        n = 400
        y = rng.integers(0, 2, n)
        text = [" ".join(rng.choice((good if t else bad).split() + ["the", "a", "item"], size=5)) for t in y]
        frame = pd.DataFrame({"id": range(n), "kind": rng.choice(["x", "y"], n), "review": text, "liked": y})
        paths = write_task(self.root, frame, "liked", "id", 320, sample_value=0.5)
        s = ContractState()
        start(self, s, paths, "liked", "id", categorical=["kind"], text=["review"])
        run_op(self, s, data.encode_target, positive="1")
        run_op(self, s, data.drop_leakage, columns=["id"])
        run_op(self, s, metrics.set_metric, metric="auc")
        run_op(self, s, features.text_statistics)
        run_op(self, s, encoders.numeric_features)
        run_op(self, s, encoders.categorical_encoding)
        run_op(self, s, encoders.text_tfidf, char_ngrams=4, max_features=500, char_max_features=300)
        self.assertLessEqual(s.text_matrices["review"].shape[1], 800)
        run_op(self, s, encoders.text_model_feature)
        self.assertIn("text_score_0", s.num_cols)
        run_op(self, s, encoders.assemble_features)
        run_op(self, s, models.start_models)
        run_op(self, s, models.nb_logistic_regression)
        run_op(self, s, models.sgd_linear)
        run_op(self, s, models.hist_gradient_boosting, max_iter=20)
        run_op(self, s, validation.kfold_cv, folds=3)
        run_op(self, s, validation.tune_blend_weights)
        run_op(self, s, validation.report_score, path=os.path.join(self.root, "metrics.json"))
        run_op(self, s, validation.fit_full)
        path = os.path.join(self.root, "submission.csv")
        run_op(self, s, submission.write_submission, form="probability", path=path)
        self.assertGreater(s.validation, 0.9)
        written = pd.read_csv(path)
        self.assertTrue(written.liked.between(0, 1).all())


class Rules(unittest.TestCase):
    def test_target_encoding_never_sees_the_rows_own_label(self):
        s = runtime.State()
        s.features = pd.DataFrame({"code": [f"k{i}" for i in range(100)] + ["k0"]})
        s.num_cols, s.cat_cols, s.high_cols = [], [], ["code"]
        s.y, s.n_train, s.is_classifier, s.classes, s.seed = np.arange(100) % 2, 100, True, ["a", "b"], 0
        encoders.target_encoding(s)
        encoded = s.features["code_target"].to_numpy()
        np.testing.assert_allclose(encoded[:100], 0.5)  # every key is unique: out of fold, only the prior is known
        self.assertAlmostEqual(encoded[100], (0 + 20 * 0.5) / (1 + 20))

    def test_budget_guard_drops_a_member_that_would_overrun_and_cuts_folds_for_the_first(self):
        class Slow:
            def __init__(self, seconds):
                self.seconds = seconds

            def get_params(self, deep=False):
                return {"seconds": self.seconds}

            def set_params(self, **params):
                return self

            def fit(self, X, y):
                time.sleep(self.seconds)
                self.classes_ = np.array([0, 1])
                return self

            def predict_proba(self, X):
                return np.full((X.shape[0], 2), 0.5)

        s = runtime.State()
        s.budget = runtime.Budget(0, 1)
        s.budget.seconds = s.budget.elapsed() + 3.0  # 3 s left: five folds of the first member would need 3.6 s, of the second 9 s
        s.n_train, s.is_classifier, s.classes, s.seed, s.quick = 40, True, ["a", "b"], 0, False
        s.y = np.arange(40) % 2
        s.views = lambda name: (np.zeros((40, 1)), np.zeros((5, 1)))
        s.models = {"first": {"view": "tree", "estimator": Slow(0.6)}, "second": {"view": "tree", "estimator": Slow(1.5)}}
        s.weights = {"first": 1.0, "second": 1.0}
        s.score, s.higher_is_better = (lambda t, p: 0.5), True
        validation.kfold_cv(s, folds=5)
        self.assertEqual(len(s.splits), 1)
        self.assertEqual(list(s.models), ["first"])

    def test_greedy_blend_prefers_the_better_member_and_keeps_given_weights_otherwise(self):
        s = runtime.State()
        s.y = np.array([0, 1] * 50)
        good = np.column_stack([1 - s.y * 0.8 - 0.1, s.y * 0.8 + 0.1])
        noise = np.full((100, 2), 0.5)
        s.oof, s.weights, s.valid_rows = {"good": good, "noise": noise}, {"good": 1.0, "noise": 1.0}, np.arange(100)
        s.higher_is_better = False
        s.score = lambda t, p: float(np.mean((p[:, 1] - t) ** 2))
        s.oof_blend = validation.blend(s, s.oof)
        validation.tune_blend_weights(s)
        self.assertEqual(s.weights, {"good": 1.0, "noise": 0.0})

    def test_threshold_tuning_finds_the_plateau(self):
        s = runtime.State()
        s.classes, s.pos_index, s.threshold = ["0", "1"], 1, 0.5
        s.y = np.array([0] * 80 + [1] * 20)
        p = np.r_[np.linspace(0.0, 0.3, 80), np.linspace(0.32, 0.6, 20)]
        s.oof_blend, s.valid_rows, s.higher_is_better = np.column_stack([1 - p, p]), np.arange(100), True
        s.to_labels = lambda proba: (proba[:, 1] >= s.threshold).astype(int)
        s.score = lambda t, q: float(np.mean(s.to_labels(q) == t))
        validation.tune_threshold(s)
        self.assertTrue(0.3 < s.threshold <= 0.32)

    def test_nb_logistic_regression_probabilities_for_three_classes(self):
        import scipy.sparse as sp

        X = sp.csr_matrix(np.eye(3).repeat(10, axis=0))
        y = np.repeat([0, 1, 2], 10)
        model = models.NbLogisticRegression().fit(X, y)
        proba = model.predict_proba(X)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
        self.assertTrue((model.predict(X) == y).all())

    def test_xgboost_falls_back_to_histogram_boosting_where_it_is_not_installed(self):
        from unittest import mock

        s = runtime.State()
        s.is_classifier, s.seed = False, 0
        models.start_models(s)
        with mock.patch("importlib.util.find_spec", return_value=None):
            models.xgboost(s, name="xgb", n_estimators=40, max_depth=3)
        self.assertEqual(type(s.models["xgb"]["estimator"]).__name__, "HistGradientBoostingRegressor")
        self.assertEqual(s.models["xgb"]["estimator"].max_iter, 40)

    def test_lightgbm_falls_back_to_histogram_boosting_with_its_settings_where_it_is_not_installed(self):
        from unittest import mock

        s = runtime.State()
        s.is_classifier, s.seed = True, 0
        models.start_models(s)
        with mock.patch("importlib.util.find_spec", return_value=None):
            models.lightgbm(s, name="hgb", n_estimators=80, num_leaves=15, min_child_samples=5, class_weight="balanced")
        estimator = s.models["hgb"]["estimator"]
        self.assertEqual(type(estimator).__name__, "HistGradientBoostingClassifier")
        self.assertEqual((estimator.max_iter, estimator.max_leaf_nodes, estimator.min_samples_leaf), (80, 15, 5))
        self.assertEqual(estimator.class_weight, "balanced")

    @unittest.skipUnless(models.library_available("lightgbm"), "lightgbm is not installed here")
    def test_lightgbm_registers_an_lgbm_estimator_where_it_is_installed(self):
        s = runtime.State()
        s.is_classifier, s.seed = False, 0
        models.start_models(s)
        models.lightgbm(s, name="lgbm", n_estimators=40)
        self.assertEqual(type(s.models["lgbm"]["estimator"]).__name__, "LGBMRegressor")

    def test_label_and_id_spellings(self):
        self.assertEqual([data.canon(v) for v in [" True ", "1.0", "2.5", "x"]], ["true", "1", "2.5", "x"])
        self.assertEqual([submission.id_key(v) for v in ["892.0", " a1 ", "3.5"]], ["892", "a1", "3.5"])
        parts = features.split_parts(pd.Series(["A/1/P", "B/2/S", None]), 4)
        self.assertEqual(parts.iloc[1].tolist(), ["B", "2", "S"])
        self.assertIsNone(features.split_parts(pd.Series(["plain", "words"]), 4))

    def test_every_metric_scores_in_its_direction(self):
        s = runtime.State()
        s.is_classifier, s.classes, s.pos_index, s.threshold = True, ["0", "1"], 1, 0.5
        s.to_labels = lambda proba: (proba[:, 1] >= 0.5).astype(int)
        s.to_original_scale = lambda v: np.asarray(v, dtype=float)
        y = np.array([0, 1, 1, 0])
        perfect = np.column_stack([1 - y, y]).astype(float) * 0.98 + 0.01
        for name in ("accuracy", "f1", "precision", "recall", "macro_f1", "auc", "logloss"):
            metrics.set_metric(s, metric=name)
            self.assertAlmostEqual(s.score(y, perfect), 0.0 if name == "logloss" else 1.0, places=1, msg=name)
        s.is_classifier = False
        for name in ("rmse", "rmsle", "log_rmse", "mae", "mape"):
            metrics.set_metric(s, metric=name)
            self.assertAlmostEqual(s.score(np.array([1.0, 2.0]), np.array([1.0, 2.0])), 0.0, msg=name)


class Packaging(unittest.TestCase):
    def test_manifest_is_current(self):
        with open(manifest.PATH, encoding="utf-8") as handle:
            self.assertEqual(handle.read(), manifest.render(), "run python3 -m linguacodus_ops.manifest in python/")

    def test_modules_inline_into_one_namespace_without_name_clashes(self):
        owners = {}
        namespace = {}
        for name in manifest.MODULES:
            with open(os.path.join(PACKAGE, f"{name}.py"), encoding="utf-8") as handle:
                source = handle.read()
            tree = ast.parse(source)
            relative = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.level == 1]
            self.assertTrue(all(n.lineno == n.end_lineno for n in relative), f"{name}: relative imports must fit one line")
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    self.assertNotIn(node.name, owners, f"{node.name} defined in {owners.get(node.name)} and {name}")
                    owners[node.name] = name
            kept = "\n".join(line for line in source.splitlines() if not line.startswith("from ."))
            exec(compile(kept, f"{name}.py", "exec"), namespace)
        self.assertEqual(sorted(k for k, v in namespace.items() if hasattr(v, "needs")), sorted(manifest.build()["ops"]))


if __name__ == "__main__":
    unittest.main()
