"""Small synthetic tasks written to a temporary directory, and a state that checks op contracts."""
import os
import sys

import numpy as np
import pandas as pd

from linguacodus_ops.runtime import State


def write_task(root, frame, label, id_col, n_train, train_only=(), sample_value=0):
    """Splits a frame into train.csv / test.csv / sample_submission.csv under root; returns the three paths."""
    os.makedirs(root, exist_ok=True)
    train, test = frame.iloc[:n_train], frame.iloc[n_train:]
    paths = [os.path.join(root, f) for f in ("train.csv", "test.csv", "sample_submission.csv")]
    train.to_csv(paths[0], index=False)
    test.drop(columns=[label, *train_only]).to_csv(paths[1], index=False)
    pd.DataFrame({id_col: test[id_col].to_numpy(), label: sample_value}).to_csv(paths[2], index=False)
    return paths


def mixed_binary(n=300, seed=0):
    """A binary task with numbers, a category, a structured code, names with titles, amounts and missing values."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    title = rng.choice(["Mr", "Mrs", "Miss"], size=n)
    spend = np.where(rng.random((n, 3)) < 0.5, 0.0, np.round(np.exp(3 + x[:, :1]), 1))
    logit = x[:, 0] + (title != "Mr") - 0.002 * spend.sum(axis=1)
    return pd.DataFrame({
        "pid": [f"{1000 + i // 2}_{i % 2 + 1:02d}" for i in range(n)],
        "age": np.where(rng.random(n) < 0.2, np.nan, np.round(30 + 10 * x[:, 1], 1)),
        "colour": rng.choice(["red", "green", "blue"], size=n),
        "cabin": [f"{rng.choice(list('ABCD'))}/{i}/{rng.choice(['P', 'S'])}" for i in range(n)],
        "name": [f"Family{i % 70}, {t}. Person{i}" for i, t in enumerate(title)],
        "spa": spend[:, 0], "bar": spend[:, 1], "shop": spend[:, 2],
        "label": np.where(logit + rng.normal(scale=0.5, size=n) > 0.5, "yes", "no"),
    })


class ContractState(State):
    """A state that records reads and writes, and fails on a read of a name no earlier op defined."""

    def __init__(self):
        object.__setattr__(self, "_data", {})
        object.__setattr__(self, "reads", set())
        object.__setattr__(self, "writes", set())
        object.__setattr__(self, "op_code", None)

    def __getattr__(self, name):
        data = object.__getattribute__(self, "_data")
        if name not in data:
            raise AttributeError(f"state has no {name!r} yet")
        if sys._getframe(1).f_code is object.__getattribute__(self, "op_code"):
            object.__getattribute__(self, "reads").add(name)
        return data[name]

    def __setattr__(self, name, value):
        self.writes.add(name)
        self._data[name] = value

    def has(self, name):
        """Whether a name is set."""
        return name in self._data


def run_op(test, s, fn, **params):
    """Runs one op and asserts its contract: needs set before, direct reads and all writes declared, defines set after."""
    missing = [n for n in fn.needs if not s.has(n)]
    test.assertEqual(missing, [], f"{fn.__name__} needs names no earlier op defined")
    s.reads.clear()
    s.writes.clear()
    object.__setattr__(s, "op_code", fn.__wrapped__.__code__ if hasattr(fn, "__wrapped__") else fn.__code__)
    fn(s, **params)
    object.__setattr__(s, "op_code", None)
    declared = set(fn.needs) | set(fn.defines)
    test.assertEqual(sorted(s.reads - declared), [], f"{fn.__name__} reads undeclared names")
    test.assertEqual(sorted(s.writes - declared), [], f"{fn.__name__} writes undeclared names")
    test.assertEqual([n for n in fn.defines if not s.has(n)], [], f"{fn.__name__} leaves names it defines unset")
