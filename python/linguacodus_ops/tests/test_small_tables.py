"""Unit tests of the small-table validation rules: repeated k-fold, the tied-members blend and the threshold margin."""
import time
import unittest

import numpy as np

from linguacodus_ops import runtime, validation


class PositiveShare:
    """A classifier that predicts the share of positives among its fit rows for every row (its fits are counted)."""

    fits = 0

    def __init__(self, pause=0.0):
        self.pause = pause

    def get_params(self, deep=False):
        return {"pause": self.pause}

    def set_params(self, **params):
        return self

    def fit(self, X, y):
        PositiveShare.fits += 1
        time.sleep(self.pause)
        self.classes_, self.share_ = np.array([0, 1]), float(np.mean(y))
        return self

    def predict_proba(self, X):
        return np.tile([1 - self.share_, self.share_], (X.shape[0], 1))


def cv_state(n, estimator, seconds=60.0):
    """A state ready for kfold_cv: n rows of a balanced binary target, one member."""
    s = runtime.State()
    s.budget = runtime.Budget(0, 1)
    s.budget.seconds = s.budget.elapsed() + seconds
    s.n_train, s.is_classifier, s.classes, s.seed, s.quick = n, True, ["a", "b"], 0, False
    s.y = np.arange(n) % 2
    s.views = lambda name: (np.zeros((n, 1)), np.zeros((5, 1)))
    s.models, s.weights = {"share": {"view": "tree", "estimator": estimator}}, {"share": 1.0}
    s.score, s.higher_is_better = (lambda t, p: 0.5), True
    return s


def binary_scores(s):
    """Accuracy of the positive-class probability at the state's threshold."""
    s.to_labels = lambda proba: (proba[:, 1] >= s.threshold).astype(int)
    s.score = lambda t, q: float(np.mean(s.to_labels(q) == t))


class RepeatedFolds(unittest.TestCase):
    def test_every_row_gets_the_mean_of_its_out_of_fold_predictions_over_the_passes(self):
        s = cv_state(60, PositiveShare())
        validation.kfold_cv(s, folds=5, repeats=3)
        self.assertEqual(len(s.splits), 15)
        np.testing.assert_array_equal(s.valid_rows, np.arange(60))
        expected = np.zeros(60)
        for fit_rows, valid_rows in s.splits:
            expected[valid_rows] += s.y[fit_rows].mean() / 3
        np.testing.assert_allclose(s.oof["share"][:, 1], expected)

    def test_the_budget_guard_keeps_one_pass_when_three_would_not_fit(self):
        s = cv_state(40, PositiveShare(pause=0.3), seconds=3.0)  # after the first fold, 15 folds need 4.6 s more, 5 folds 1.6 s
        PositiveShare.fits = 0
        validation.kfold_cv(s, folds=5, repeats=3)
        self.assertEqual(len(s.splits), 5)
        self.assertEqual(PositiveShare.fits, 5)  # the cut passes are not fitted anyway
        np.testing.assert_array_equal(s.valid_rows, np.arange(40))

    def test_a_member_is_validated_on_one_fold_only_without_fitting_the_others(self):
        s = cv_state(40, PositiveShare(pause=0.4), seconds=2.0)  # after the first fold, one pass of 5 needs 2.1 s more of 1.5 s
        PositiveShare.fits = 0
        validation.kfold_cv(s, folds=5, repeats=2)
        self.assertEqual(len(s.splits), 1)
        self.assertEqual(PositiveShare.fits, 1)
        self.assertEqual(len(s.valid_rows), 8)


class TiedMembers(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        self.s = s = runtime.State()
        s.seed, s.higher_is_better, s.threshold = 0, True, 0.5
        s.y = rng.integers(0, 2, 400)
        binary_scores(s)

        def member(accuracy):
            right = rng.random(400) < accuracy
            p = np.where(right == (s.y == 1), 0.8, 0.2)
            return np.column_stack([1 - p, p])

        s.oof = {"best": member(0.85), "close": member(0.84), "poor": member(0.65)}
        s.weights = {"best": 0.5, "close": 0.3, "poor": 0.2}
        s.valid_rows = np.arange(400)
        s.oof_blend = validation.blend(s, s.oof)

    def test_members_within_one_standard_error_of_the_best_share_equal_weights(self):
        s = self.s
        validation.keep_tied_members(s, margin=1.0)
        self.assertEqual(s.weights, {"best": 0.5, "close": 0.5, "poor": 0.0})
        np.testing.assert_allclose(s.oof_blend, (s.oof["best"] + s.oof["close"]) / 2)

    def test_a_zero_margin_keeps_only_the_best_member(self):
        s = self.s
        validation.keep_tied_members(s, margin=0.0)
        self.assertEqual(s.weights, {"best": 1.0, "close": 0.0, "poor": 0.0})


class ThresholdMargin(unittest.TestCase):
    def state(self, y, p):
        s = runtime.State()
        s.classes, s.pos_index, s.threshold, s.seed, s.higher_is_better = ["0", "1"], 1, 0.5, 0, True
        s.y, s.valid_rows, s.oof_blend = y, np.arange(len(y)), np.column_stack([1 - p, p])
        binary_scores(s)
        return s

    def test_a_threshold_that_gains_within_the_noise_leaves_one_half(self):
        y = np.array([0, 1] * 100)
        p = np.where(y == 1, 0.7, 0.3)
        p[:4] = [0.45, 0.45, 0.45, 0.46]  # two negatives and two positives just under one half: 0.46 gains one row, and
        # the plateau the tuning picks (0.44) gains none over 0.5
        s = self.state(y, p)
        validation.tune_threshold(s, margin=0.0)
        tuned = s.threshold
        s.threshold = 0.5
        validation.tune_threshold(s, margin=1.0)
        self.assertNotEqual(tuned, 0.5)
        self.assertEqual(s.threshold, 0.5)

    def test_a_threshold_that_gains_clearly_replaces_one_half(self):
        y = np.array([0] * 80 + [1] * 20)
        p = np.r_[np.linspace(0.0, 0.3, 80), np.linspace(0.32, 0.6, 20)]
        s = self.state(y, p)
        validation.tune_threshold(s, margin=1.0)
        self.assertTrue(0.3 < s.threshold <= 0.32)


if __name__ == "__main__":
    unittest.main()
