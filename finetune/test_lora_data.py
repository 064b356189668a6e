"""Tests of the pure-Python helpers of train_lora.py (no torch needed):
python3 -m unittest discover -s finetune -p 'test_*.py'"""
import json
import os
import random
import re
import tempfile
import unittest

from lora_data import (
    IGNORE_INDEX,
    batches,
    build_example,
    check_loss_mask,
    completion_body,
    encode_pair,
    load_records,
    pad_batch,
    split_records,
)

BOS, EOS, PAD = 1, 2, 3
SAMPLE = os.path.join(os.path.dirname(__file__), "sample-records.jsonl")


def char_encode(text, special):
    """A character tokenizer that reads "<s>" and "</s>" as BOS and EOS, like Llama 2's."""
    ids = [BOS if piece == "<s>" else EOS if piece == "</s>" else 10 + ord(piece) for piece in re.findall(r"</s>|<s>|.", text, re.S)]
    return ([BOS] if special else []) + ids


def record(task, rank, body="# Title\n\n1. Step."):
    """A record shaped like those of `dataset extract`."""
    return {"prompt": f"[INST] task {task} rank {rank} [/INST]", "completion": f" {body} </s>", "task_id": task, "solution_id": f"s{rank}", "rank": rank}


class LoadRecordsTest(unittest.TestCase):
    def write(self, lines):
        handle = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
        handle.write("\n".join(lines) + "\n")
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name

    def test_reads_the_committed_sample_records(self):
        records = load_records(SAMPLE)
        self.assertEqual(len(records), 11)
        self.assertTrue(all(r["prompt"].startswith("[INST] <<SYS>>") and r["prompt"].endswith("[/INST]") for r in records))

    def test_names_the_line_of_a_bad_record(self):
        path = self.write([json.dumps(record("a", 1)), json.dumps({"prompt": "x"})])
        with self.assertRaisesRegex(ValueError, r":2: missing fields"):
            load_records(path)

    def test_rejects_a_completion_without_eos(self):
        bad = dict(record("a", 1), completion=" # Title")
        with self.assertRaisesRegex(ValueError, "does not end with </s>"):
            load_records(self.write([json.dumps(bad)]))


class SplitTest(unittest.TestCase):
    def test_holds_out_whole_tasks_reproducibly(self):
        records = [record(t, r) for t in "abc" for r in (1, 2, 3)]
        train, val, how = split_records(records, 0.3, seed=0)
        self.assertEqual(how, "task")
        self.assertEqual(len({r["task_id"] for r in val}), 1)
        self.assertFalse({r["task_id"] for r in val} & {r["task_id"] for r in train})
        self.assertEqual(split_records(records, 0.3, seed=0)[1], val)

    def test_falls_back_to_records_with_one_task(self):
        train, val, how = split_records([record("a", r) for r in range(1, 6)], 0.2, seed=1)
        self.assertEqual((how, len(train), len(val)), ("record", 4, 1))


class EncodeTest(unittest.TestCase):
    def test_completion_body_strips_the_eos_text(self):
        self.assertEqual(completion_body(" # T\n\n1. x </s>"), " # T\n\n1. x")
        with self.assertRaises(ValueError):
            completion_body(" # T")

    def test_prompt_as_served_and_completion_ending_in_eos(self):
        r = record("a", 1)
        prompt_ids, completion_ids, merged = encode_pair(char_encode, r["prompt"], r["completion"], EOS)
        self.assertFalse(merged)
        self.assertEqual(prompt_ids, char_encode(r["prompt"], True))
        self.assertEqual(completion_ids[-1], EOS)
        self.assertEqual(completion_ids[:-1], char_encode(" # Title\n\n1. Step.", False))

    def test_boundary_merge_falls_back_to_separate_encoding(self):
        def merging(text, special):
            return [99 if piece == "] #" else ord(piece[0]) for piece in re.findall(r"\] #|.", text, re.S)]

        prompt_ids, completion_ids, merged = encode_pair(merging, "[/INST]", " # T </s>", EOS)
        self.assertTrue(merged)
        self.assertEqual(prompt_ids, merging("[/INST]", True))
        self.assertEqual(completion_ids, merging(" # T", False) + [EOS])


class ExampleTest(unittest.TestCase):
    def test_masks_the_prompt_and_keeps_eos_in_the_loss(self):
        example = build_example([BOS, 11, 12], [20, 21, EOS], EOS, max_length=10)
        self.assertEqual(example["input_ids"], [BOS, 11, 12, 20, 21, EOS])
        self.assertEqual(example["labels"], [IGNORE_INDEX] * 3 + [20, 21, EOS])
        self.assertFalse(example["truncated"])

    def test_truncates_or_drops_overlong_examples(self):
        truncated = build_example([BOS, 11], [20, 21, 22, EOS], EOS, max_length=4)
        self.assertEqual((truncated["input_ids"], truncated["truncated"]), ([BOS, 11, 20, 21], True))
        self.assertIsNone(build_example([BOS, 11], [20, 21, 22, EOS], EOS, max_length=4, overlong="drop"))
        self.assertIsNone(build_example([BOS, 11, 12, 13], [20, EOS], EOS, max_length=4))

    def test_refuses_a_completion_without_eos(self):
        with self.assertRaisesRegex(ValueError, "must end with the EOS"):
            build_example([BOS], [20, 21], EOS, max_length=10)

    def test_check_catches_the_originals_masked_eos_and_prompt_leaks(self):
        masked_eos = {"input_ids": [BOS, 11, 20, EOS], "labels": [IGNORE_INDEX, IGNORE_INDEX, 20, IGNORE_INDEX], "prompt_length": 2, "truncated": False}
        with self.assertRaises(ValueError):
            check_loss_mask(masked_eos, EOS)
        leak = {"input_ids": [BOS, 11, 20, EOS], "labels": [BOS, 11, 20, EOS], "prompt_length": 2, "truncated": False}
        with self.assertRaisesRegex(ValueError, "prompt token"):
            check_loss_mask(leak, EOS)

    def test_padding_with_the_eos_id_keeps_eos_labelled(self):
        short = build_example([BOS], [20, EOS], EOS, max_length=10)
        long = build_example([BOS, 11], [20, 21, EOS], EOS, max_length=10)
        ids, labels, mask = pad_batch([short, long], pad_id=EOS)
        self.assertEqual(ids[0], [BOS, 20, EOS, EOS, EOS])
        self.assertEqual(labels[0], [IGNORE_INDEX, 20, EOS, IGNORE_INDEX, IGNORE_INDEX])
        self.assertEqual(mask[0], [1, 1, 1, 0, 0])

    def test_batches_cover_every_index_once(self):
        parts = batches(7, 3, random.Random(0))
        self.assertEqual(sorted(i for part in parts for i in part), list(range(7)))
        self.assertEqual(parts, batches(7, 3, random.Random(0)))


if __name__ == "__main__":
    unittest.main()
