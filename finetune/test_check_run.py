"""Tests of check_run.py, the GPU check's verdict (no torch needed)."""
import contextlib
import io
import json
import os
import tempfile
import unittest

from check_run import main


def metrics(initial=7.0, losses=(4.0, 3.0), reloaded=None, text="# Scaled ridge\n\n## Data preprocessing"):
    """metrics.json as train_lora.py writes it."""
    epochs = [{"epoch": 0, "val_loss": initial}] + [{"epoch": i + 1, "train_loss": v, "val_loss": v} for i, v in enumerate(losses)]
    return {
        "eos_in_loss": True,
        "epochs": epochs,
        "initial_val_loss": initial,
        "best_val_loss": min([initial, *losses]),
        "final_val_loss": epochs[-1]["val_loss"],
        "eval": {"reloaded_val_loss": epochs[-1]["val_loss"] if reloaded is None else reloaded, "task_id": "t", "rank": 1,
                 "text": text, "new_tokens": 12, "ended_with_eos": True},
    }


class CheckRunTest(unittest.TestCase):
    def run_check(self, content, exit_code=0, extra=()):
        folder = tempfile.mkdtemp()
        path, output = os.path.join(folder, "metrics.json"), os.path.join(folder, "out", "gpu_check.json")
        if content is not None:
            with open(path, "w") as handle:
                json.dump(content, handle)
        with contextlib.redirect_stdout(io.StringIO()):
            rc = main([path, output, "--train-exit-code", str(exit_code), *extra])
        with open(output) as handle:
            return rc, json.load(handle)

    def test_passes_a_run_whose_val_loss_fell_and_whose_adapter_reloads(self):
        rc, report = self.run_check(metrics())
        self.assertEqual(rc, 0)
        self.assertTrue(report["ok"])
        self.assertEqual(report["epochs_run"], 2)
        self.assertEqual(report["generation"]["new_tokens"], 12)

    def test_fails_when_the_val_loss_barely_moves(self):
        rc, report = self.run_check(metrics(losses=(6.9, 6.8)))
        self.assertEqual(rc, 1)
        self.assertFalse(report["ok"])
        self.assertIn("best val loss clearly below the initial", [c["name"] for c in report["checks"] if not c["passed"]])

    def test_fails_when_the_reloaded_adapter_differs(self):
        rc, _ = self.run_check(metrics(reloaded=5.0))
        self.assertEqual(rc, 1)

    def test_checks_the_merge_step_when_it_ran(self):
        self.assertEqual(self.run_check(metrics(), extra=("--merge-exit-code", "0"))[0], 0)
        rc, report = self.run_check(metrics(), extra=("--merge-exit-code", "1"))
        self.assertEqual((rc, report["checks"][-1]["passed"]), (1, False))

    def test_fails_without_metrics_or_after_a_training_error(self):
        self.assertEqual(self.run_check(None)[0], 1)
        rc, report = self.run_check(metrics(), exit_code=124)
        self.assertEqual((rc, report["ok"], report["train_exit_code"]), (1, False, 124))


if __name__ == "__main__":
    unittest.main()
