"""Smoke test of train_lora.main() end to end on the sample records, with small in-process stand-ins
for transformers, peft and tiny_model (torch itself is real). It checks the glue: split, encoding,
metrics.json, adapter save and reload, generation, and check_run's verdict. Skipped without torch;
the real libraries are exercised by finetune/gpu_check.sh."""
import contextlib
import io
import json
import os
import sys
import tempfile
import types
import unittest

try:
    import torch
except ImportError:
    torch = None

SAMPLE = os.path.join(os.path.dirname(__file__), "sample-records.jsonl")
VOCAB = 260


def fake_tokenizer():
    """A character tokenizer with Llama 2's special-token spelling and the calls train_lora.py makes."""
    import re

    def ids_of(text):
        return [1 if p == "<s>" else 2 if p == "</s>" else 4 + ord(p) % (VOCAB - 4) for p in re.findall(r"</s>|<s>|.", text, re.S)]

    class CharTokenizer:
        bos_token_id, eos_token_id, pad_token_id, unk_token_id = 1, 2, 3, 0
        pad_token, unk_token, eos_token = "<pad>", "<unk>", "</s>"

        def __len__(self):
            return VOCAB

        def __call__(self, text, add_special_tokens=True, return_tensors=None):
            ids = ids_of(text)
            if return_tensors == "pt":
                return {"input_ids": torch.tensor([ids]), "attention_mask": torch.ones(1, len(ids), dtype=torch.long)}
            return {"input_ids": ids}

        def decode(self, ids, skip_special_tokens=False):
            return "".join(chr(i - 4 + 32) if i >= 4 else "" for i in ids)

        def save_pretrained(self, path):
            os.makedirs(path, exist_ok=True)
            with open(os.path.join(path, "tokenizer.json"), "w") as handle:
                handle.write("{}")

    return CharTokenizer()


def fake_libraries():
    """Modules standing in for transformers, peft and tiny_model."""
    class Bigram(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.table = torch.nn.Embedding(VOCAB, VOCAB)

        def forward(self, input_ids, attention_mask):
            return types.SimpleNamespace(logits=self.table(input_ids))

        def save_pretrained(self, path):
            os.makedirs(path, exist_ok=True)
            torch.save(self.state_dict(), os.path.join(path, "weights.pt"))

        def generate(self, input_ids, attention_mask, max_new_tokens, do_sample, eos_token_id, pad_token_id):
            out = input_ids
            for _ in range(max_new_tokens):
                nxt = self.table(out[:, -1]).argmax(-1, keepdim=True)
                out = torch.cat([out, nxt], dim=1)
                if int(nxt) == eos_token_id:
                    break
            return out

    def load(path, **kwargs):
        assert set(kwargs) <= {"dtype", "torch_dtype"}, kwargs
        model = Bigram()
        model.load_state_dict(torch.load(os.path.join(path, "weights.pt")))
        return model

    transformers = types.ModuleType("transformers")
    transformers.__version__ = "4.57.0"
    transformers.AutoModelForCausalLM = types.SimpleNamespace(from_pretrained=load)
    transformers.AutoTokenizer = types.SimpleNamespace(from_pretrained=lambda path: fake_tokenizer())
    peft = types.ModuleType("peft")
    peft.__version__ = "0.0-fake"
    peft.LoraConfig = lambda **kwargs: kwargs
    peft.get_peft_model = lambda model, config: model
    peft.PeftModel = types.SimpleNamespace(from_pretrained=lambda base, path: load(path))
    tiny = types.ModuleType("tiny_model")
    tiny.build_tokenizer = lambda texts, vocab_size: fake_tokenizer()
    tiny.build_model = lambda tokenizer, hidden, layers, positions, seed: (torch.manual_seed(seed), Bigram())[1]
    return {"transformers": transformers, "peft": peft, "tiny_model": tiny}


@unittest.skipIf(torch is None, "torch is not installed: main() is covered by finetune/gpu_check.sh")
class MainSmokeTest(unittest.TestCase):
    def test_trains_saves_reloads_generates_and_passes_the_check(self):
        from check_run import check
        from train_lora import main

        out = tempfile.mkdtemp()
        saved = {name: sys.modules.get(name) for name in ("transformers", "peft", "tiny_model")}
        sys.modules.update(fake_libraries())
        try:
            with contextlib.redirect_stdout(io.StringIO()) as log:
                rc = main(["--records", SAMPLE, "--out", out, "--tiny-random", "--device", "cpu", "--epochs", "4", "--lr", "0.5",
                           "--batch-size", "2", "--val-fraction", "0.3", "--eval-generate", "--max-new-tokens", "20"])
        finally:
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module
        self.assertEqual(rc, 0, log.getvalue())
        with open(os.path.join(out, "metrics.json")) as handle:
            metrics = json.load(handle)
        self.assertEqual([e["epoch"] for e in metrics["epochs"]], [0, 1, 2, 3, 4])
        self.assertEqual(metrics["split"]["by"], "task")
        self.assertEqual(len(metrics["split"]["val_tasks"]), 1)
        self.assertEqual(metrics["split"]["train_records"] + metrics["split"]["val_records"], 11)
        self.assertEqual(metrics["tokens"]["train"]["truncated"] + metrics["tokens"]["train"]["dropped"], 0)
        self.assertLess(metrics["final_val_loss"], metrics["initial_val_loss"])
        self.assertAlmostEqual(metrics["eval"]["reloaded_val_loss"], metrics["final_val_loss"], places=4)
        self.assertGreater(metrics["eval"]["new_tokens"], 0)
        self.assertTrue(os.path.exists(os.path.join(out, "adapter", "weights.pt")))
        self.assertTrue(os.path.exists(os.path.join(out, "base", "weights.pt")))
        failed = [name for name, passed, _ in check(metrics) if not passed and "clearly below" not in name]
        self.assertEqual(failed, [])


if __name__ == "__main__":
    unittest.main()
