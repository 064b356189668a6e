"""Tests of holdout_split.py on generated tables (run: python3 -m unittest discover -s python/tests)."""

import json
import os
import sys
import tempfile
import unittest

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import holdout_split  # noqa: E402


def make_task(root, rows, label_values, extra=None, time=False):
    """Writes a task dir with train/test/sample files; returns (task_dir, spec)."""
    task = os.path.join(root, "task")
    os.makedirs(task)
    rng = np.random.default_rng(1)
    train = pd.DataFrame({"id": np.arange(rows), "x": rng.normal(size=rows), "leak": rng.normal(size=rows)})
    train["y"] = [label_values[i % len(label_values)] for i in range(rows)]
    if time:
        train["when"] = pd.date_range("2020-01-01", periods=rows, freq="h").astype(str)[::-1]
    train.to_csv(os.path.join(task, "train.csv"), index=False)
    test_columns = ["id", "x"] + (["when"] if time else [])
    pd.DataFrame({c: train[c][:5] for c in test_columns}).to_csv(os.path.join(task, "test.csv"), index=False)
    pd.DataFrame({"id": range(5), "y": label_values[0]}).to_csv(os.path.join(task, "sample_submission.csv"), index=False)
    with open(os.path.join(task, "description.md"), "w") as handle:
        handle.write("# t\n")
    spec = {
        "trainFile": "train.csv",
        "testFile": "test.csv",
        "sampleSubmissionFile": "sample_submission.csv",
        "idColumn": "id",
        "labelColumn": "y",
        "targetColumns": ["y"],
        "submissionForm": "label",
        "classes": [str(v) for v in sorted(set(label_values))],
        "positiveClass": None,
        "timeColumn": "when" if time else None,
        "taskType": "multiclass",
        "metric": "accuracy",
        "higherIsBetter": True,
        "seed": 7,
    }
    spec.update(extra or {})
    path = os.path.join(root, "spec.json")
    with open(path, "w") as handle:
        json.dump(spec, handle)
    return task, path


class HoldoutSplitTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()

    def tearDown(self):
        import shutil

        shutil.rmtree(self.root)

    def split(self, *args, **kwargs):
        task, spec = make_task(self.root, *args, **kwargs)
        out = os.path.join(self.root, "out")
        holdout_split.main(task, out, spec)
        with open(os.path.join(out, "plan.json")) as handle:
            return out, json.load(handle)

    def test_large_table_one_stratified_holdout_labels_only_in_private(self):
        out, plan = self.split(2000, ["a", "b", "b", "c"])
        self.assertEqual(plan["kind"], "stratified-holdout")
        self.assertEqual(len(plan["splits"]), 1)
        public = os.path.join(out, "split-1", "public")
        test = pd.read_csv(os.path.join(public, "test.csv"), dtype=str)
        answers = pd.read_csv(os.path.join(out, "split-1", "private", "answers.csv"), dtype=str)
        fit = pd.read_csv(os.path.join(public, "train.csv"), dtype=str)
        self.assertEqual(list(test.columns), ["id", "x"])
        self.assertNotIn("y", test.columns)
        self.assertEqual(list(answers["id"]), list(test["id"]))
        self.assertEqual(len(set(fit["id"]) & set(test["id"])), 0)
        self.assertEqual(len(fit) + len(test), 2000)
        shares = answers["y"].value_counts(normalize=True)
        self.assertAlmostEqual(shares["b"], 0.5, delta=0.01)
        self.assertEqual(sorted(os.listdir(public)), ["description.md", "sample_submission.csv", "test.csv", "train.csv"])
        self.assertFalse(os.path.exists(os.path.join(public, "answers.csv")))

    def test_small_table_k_folds_cover_every_row_once(self):
        out, plan = self.split(300, ["p", "q"])
        self.assertEqual(plan["kind"], "stratified-kfold")
        held = []
        for split in plan["splits"]:
            held += list(pd.read_csv(os.path.join(split["dir"], "private", "answers.csv"))["id"])
        self.assertEqual(sorted(held), list(range(300)))

    def test_time_ordered_table_holds_out_the_latest_rows(self):
        out, plan = self.split(1500, [1.5, 2.5, 3.5], {"classes": None, "taskType": "regression", "metric": "rmse"}, time=True)
        self.assertEqual(plan["kind"], "time")
        fit = pd.read_csv(os.path.join(out, "split-1", "public", "train.csv"))
        test = pd.read_csv(os.path.join(out, "split-1", "public", "test.csv"))
        self.assertLess(pd.to_datetime(fit["when"]).max(), pd.to_datetime(test["when"]).min())

    def test_class_probabilities_answers_are_one_hot_and_the_spec_names_the_grader_metric(self):
        extra = {"submissionForm": "class_probabilities", "targetColumns": ["p", "q"], "metric": "logloss", "higherIsBetter": False}
        out, _ = self.split(1200, ["p", "q"], extra)
        answers = pd.read_csv(os.path.join(out, "split-1", "private", "answers.csv"))
        self.assertEqual(list(answers.columns), ["id", "p", "q"])
        self.assertTrue(((answers["p"] + answers["q"]) == 1).all())
        with open(os.path.join(out, "split-1", "task.json")) as handle:
            spec = json.load(handle)
        self.assertEqual(spec["metric"], "logloss")
        self.assertNotIn("classes", spec)

    def test_log_rmse_is_rmse_of_logs_for_the_grader(self):
        spec = holdout_split.task_spec({"metric": "log_rmse", "taskType": "regression", "higherIsBetter": False,
                                        "idColumn": "id", "targetColumns": ["y"], "labelColumn": "y",
                                        "submissionForm": "value"}, "h")
        self.assertEqual((spec["metric"], spec["metric_transform"]), ("rmse", "log"))

    def test_class_labels_keep_their_json_type(self):
        self.assertEqual([holdout_split.typed_class(v) for v in ["0", "1", "True", "Adelie", "1.5"]], [0, 1, True, "Adelie", "1.5"])


if __name__ == "__main__":
    unittest.main()
