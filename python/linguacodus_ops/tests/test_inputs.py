"""Unit tests of reading awkward task files: sniffed formats, sampling while reading, test files without ids,
infinite values, and the constant-target solution."""
import json
import os
import shutil
import tempfile
import unittest
from unittest import mock

import numpy as np
import pandas as pd

from linguacodus_ops import constant, data, runtime, submission
from linguacodus_ops.tests.fixtures import ContractState, run_op

EUROPEAN = {"kind": "table", "delimiter": ";", "encoding": "cp1252", "decimal": ",", "compression": None}
GZIP_TSV = {"kind": "table", "delimiter": "\t", "encoding": "utf-8", "decimal": ".", "compression": "gzip"}


class Inputs(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="lc-ops-inputs-")
        self.addCleanup(shutil.rmtree, self.root)

    def path(self, name):
        return os.path.join(self.root, name)

    def load(self, s, train, test, sample, **params):
        run_op(self, s, runtime.plan_budget, seconds=60)
        run_op(self, s, data.load_data, train_path=train, test_path=test, sample_path=sample, **params)

    def test_semicolons_decimal_commas_cp1252_and_a_gzipped_tsv_are_read_as_sniffed(self):
        train = pd.DataFrame({"id": range(6), "town": ["Köln", "Zürich", "Málaga"] * 2, "x": [1.5, -0.25, 2.0, 3.5, 4.0, 5.25],
                              "label": ["yes", "no"] * 3})
        train.to_csv(self.path("train.csv"), sep=";", decimal=",", encoding="cp1252", index=False)
        train.drop(columns=["label"]).to_csv(self.path("test.tsv.gz"), sep="\t", index=False, compression="gzip")
        pd.DataFrame({"id": range(6), "label": "no"}).to_csv(self.path("sample.csv"), index=False)
        s = ContractState()
        formats = {self.path("train.csv"): EUROPEAN, self.path("test.tsv.gz"): GZIP_TSV}
        self.load(s, self.path("train.csv"), self.path("test.tsv.gz"), self.path("sample.csv"), formats=formats, id_col="id",
                  label="label", target_cols=["label"], numeric=["x"], categorical=["town"])
        np.testing.assert_allclose(s.features["x"].to_numpy(), np.tile(train.x.to_numpy(), 2))
        self.assertEqual(s.features["town"].iloc[:3].tolist(), ["Köln", "Zürich", "Málaga"])
        self.assertEqual(s.test["id"].tolist(), [str(i) for i in range(6)])

    def test_a_sample_below_the_profiled_rows_is_drawn_chunk_by_chunk_while_reading(self):
        frame = pd.DataFrame({"x": np.arange(1000), "label": np.arange(1000) % 2})
        frame.to_csv(self.path("train.csv"), index=False)
        calls = []
        read_csv = pd.read_csv

        def spying(*args, **kwargs):
            calls.append(kwargs.get("chunksize"))
            return read_csv(*args, **kwargs)

        with mock.patch.object(data.pd, "read_csv", spying):
            kept = data.read_table(self.path("train.csv"), keep_fraction=0.25, seed=3, chunk_rows=100)
        self.assertEqual(calls, [100])  # read in chunks, never whole
        self.assertEqual(len(kept), 250)  # a quarter of each of the ten chunks
        self.assertEqual(len(set(kept.x)), 250)
        self.assertEqual(kept.x.tolist(), data.read_table(self.path("train.csv"), keep_fraction=0.25, seed=3, chunk_rows=100).x.tolist())

        pd.DataFrame({"x": [1, 2]}).to_csv(self.path("test.csv"), index=False)
        s = ContractState()
        self.load(s, self.path("train.csv"), self.path("test.csv"), None, label="label", target_cols=["label"], numeric=["x"],
                  max_rows=200, train_rows=1000)
        self.assertEqual(s.n_train, 200)

    def test_a_test_file_without_ids_takes_the_sample_ids_in_row_order(self):
        s = runtime.State()
        s.test = pd.DataFrame({"x": [3, 1, 2]})
        s.sample = pd.DataFrame({"id": ["a", "b", "c"], "label": ["", "", ""]})
        s.id_col = "id"
        order, frame = submission.row_order(s)
        self.assertEqual(order.tolist(), [0, 1, 2])
        self.assertEqual(frame["id"].tolist(), ["a", "b", "c"])

    def test_infinite_numbers_are_missing_and_rows_with_an_infinite_target_are_dropped(self):
        pd.DataFrame({"x": [1.0, np.inf, -np.inf, 4.0], "y": [1.0, 2.0, np.inf, 4.0]}).to_csv(self.path("train.csv"), index=False)
        pd.DataFrame({"x": [np.inf, 2.0]}).to_csv(self.path("test.csv"), index=False)
        s = ContractState()
        self.load(s, self.path("train.csv"), self.path("test.csv"), None, label="y", target_cols=["y"], classification=False,
                  numeric=["x"])
        self.assertEqual(s.n_train, 3)
        self.assertEqual(s.features["x"].isna().tolist(), [False, True, False, True, False])


class ConstantTarget(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="lc-ops-constant-")
        self.addCleanup(shutil.rmtree, self.root)
        pd.DataFrame({"id": [7, 8, 9], "x": [1, 2, 3]}).to_csv(os.path.join(self.root, "test.csv"), index=False)
        pd.DataFrame({"id": [9, 8, 7], "label": ["no"] * 3}).to_csv(os.path.join(self.root, "sample.csv"), index=False)

    def predict(self, **params):
        path = os.path.join(self.root, "submission.csv")
        s = ContractState()
        run_op(self, s, constant.predict_constant, test_path=os.path.join(self.root, "test.csv"),
               sample_path=os.path.join(self.root, "sample.csv"), id_col="id", path=path,
               metrics_path=os.path.join(self.root, "metrics.json"), **params)
        return pd.read_csv(path, dtype=str)

    def test_every_row_gets_the_constant_in_the_sample_rows(self):
        written = self.predict(value="yes", target_cols=["label"], score=1)
        self.assertEqual(written["id"].tolist(), ["9", "8", "7"])
        self.assertEqual(set(written["label"]), {"yes"})
        with open(os.path.join(self.root, "metrics.json"), encoding="utf-8") as handle:
            self.assertEqual(json.load(handle), {"models": [{"name": "constant", "validationScore": 1.0}], "blend": {"constant": 1.0}})

    def test_no_metrics_file_without_a_score(self):
        self.predict(value="yes", target_cols=["label"], form="probability", positive="yes")
        self.assertFalse(os.path.exists(os.path.join(self.root, "metrics.json")))

    def test_probabilities_and_values(self):
        self.assertEqual(set(self.predict(value="yes", target_cols=["label"], form="probability", positive="yes")["label"]), {"1.0"})
        self.assertEqual(set(self.predict(value="no", target_cols=["label"], form="probability", positive="yes")["label"]), {"0.0"})
        classes = self.predict(value="b", target_cols=["a", "b"], form="class_probabilities")
        self.assertEqual((set(classes["a"]), set(classes["b"])), ({"0.0"}, {"1.0"}))
        self.assertEqual(set(self.predict(value="2.5", target_cols=["label"], form="value")["label"]), {"2.5"})


if __name__ == "__main__":
    unittest.main()
