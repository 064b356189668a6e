"""Tests of the torch side of train_lora.py (loss, evaluation, training loop) on a toy bigram model.
Skipped where torch is not installed; transformers and peft are not needed."""
import argparse
import contextlib
import io
import types
import unittest

try:
    import torch
except ImportError:
    torch = None

from lora_data import build_example

EOS, PAD, VOCAB = 2, 3, 16


@unittest.skipIf(torch is None, "torch is not installed: the training loop is covered by finetune/gpu_check.sh")
class TrainLoopTest(unittest.TestCase):
    def toy(self):
        """A bigram language model with the interface train_lora.py uses (forward(...).logits)."""
        class Bigram(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.table = torch.nn.Embedding(VOCAB, VOCAB)

            def forward(self, input_ids, attention_mask):
                return types.SimpleNamespace(logits=self.table(input_ids))

        torch.manual_seed(0)
        return Bigram()

    def examples(self):
        """Prompts of 1s, completions counting 5, 6, 7 then EOS."""
        return [build_example([1] * n, [5, 6, 7, EOS], EOS, max_length=32) for n in (2, 3, 4, 5)]

    def test_batch_loss_counts_only_completion_tokens_and_the_eos(self):
        from lora_eval import batch_loss

        model, examples = self.toy(), self.examples()
        loss_sum, count = batch_loss(model, examples[:2], PAD, torch.device("cpu"), None)
        self.assertEqual(count, 2 * 4)
        logits = model.table.weight
        expected = 0.0
        for previous, target in ((1, 5), (5, 6), (6, 7), (7, EOS)):
            expected += float(torch.nn.functional.cross_entropy(logits[previous][None], torch.tensor([target])))
        self.assertAlmostEqual(float(loss_sum), 2 * expected, places=4)

    def test_training_lowers_the_validation_loss_and_records_epochs(self):
        from lora_eval import evaluate
        from train_lora import train

        model, examples = self.toy(), self.examples()
        device = torch.device("cpu")
        before = evaluate(model, examples[2:], 2, PAD, device, None)
        args = argparse.Namespace(lr=0.5, weight_decay=0.0, batch_size=2, grad_accum=2, epochs=30, lr_scheduler="cosine",
                                  warmup_ratio=0.1, seed=0, max_minutes=None, max_grad_norm=1.0)
        metrics = {"epochs": [], "seconds": {}}
        with contextlib.redirect_stdout(io.StringIO()):
            train(model, examples[:2], examples[2:], args, PAD, device, None, metrics)
        self.assertEqual(len(metrics["epochs"]), 30)
        self.assertLess(metrics["epochs"][-1]["val_loss"], 0.5 * before)
        self.assertLess(metrics["epochs"][-1]["train_loss"], metrics["epochs"][0]["train_loss"])
        self.assertTrue(model.training)

    def test_the_time_budget_stops_training_early(self):
        from train_lora import train

        args = argparse.Namespace(lr=0.1, weight_decay=0.0, batch_size=2, grad_accum=1, epochs=1000, lr_scheduler="constant",
                                  warmup_ratio=0.0, seed=0, max_minutes=1e-6, max_grad_norm=1.0)
        metrics = {"epochs": [], "seconds": {}, "stopped_by_time_budget": False}
        with contextlib.redirect_stdout(io.StringIO()):
            train(self.toy(), self.examples()[:2], self.examples()[2:], args, PAD, torch.device("cpu"), None, metrics)
        self.assertEqual(len(metrics["epochs"]), 1)
        self.assertTrue(metrics["stopped_by_time_budget"])


if __name__ == "__main__":
    unittest.main()
