"""Pure-Python data helpers of train_lora.py: records, splits, tokenised examples and the loss mask.

Nothing here imports torch, so these helpers are tested on machines without it.
"""
import json
import math
import random

#: Label of tokens that do not count in the loss (PyTorch's cross-entropy ignore_index).
IGNORE_INDEX = -100

#: The end-of-sequence text every completion ends with (see llama2Completion in src/models/llama2-prompt.ts).
EOS_TEXT = "</s>"

#: Fields every record must have.
REQUIRED_FIELDS = ("prompt", "completion", "task_id", "solution_id", "rank")


def load_records(path):
    """Reads records.jsonl; raises ValueError naming the line of a malformed record."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON: {error}") from error
            missing = [field for field in REQUIRED_FIELDS if field not in record]
            if missing:
                raise ValueError(f"{path}:{number}: missing fields {missing}")
            if not record["completion"].rstrip().endswith(EOS_TEXT):
                raise ValueError(f"{path}:{number}: the completion does not end with {EOS_TEXT}")
            records.append(record)
    if not records:
        raise ValueError(f"{path}: no records")
    return records


def split_records(records, val_fraction, seed, by="task"):
    """Splits into (train, val, how). by="task" holds out whole tasks (no description leaks into
    validation); with fewer than two tasks it falls back to a split by record."""
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be between 0 and 1, got {val_fraction}")
    rng = random.Random(seed)
    tasks = sorted({record["task_id"] for record in records})
    if by == "task" and len(tasks) >= 2:
        rng.shuffle(tasks)
        held = set(tasks[: min(len(tasks) - 1, max(1, math.ceil(val_fraction * len(tasks))))])
        train = [r for r in records if r["task_id"] not in held]
        val = [r for r in records if r["task_id"] in held]
        return train, val, "task"
    if len(records) < 2:
        raise ValueError("need at least two records for a validation split")
    order = list(range(len(records)))
    rng.shuffle(order)
    count = min(len(records) - 1, max(1, round(val_fraction * len(records))))
    held = set(order[:count])
    train = [r for i, r in enumerate(records) if i not in held]
    val = [r for i, r in enumerate(records) if i in held]
    return train, val, "record"


def completion_body(completion):
    """The completion without its trailing end-of-sequence text (the EOS token id is appended instead)."""
    text = completion.rstrip()
    if not text.endswith(EOS_TEXT):
        raise ValueError(f"completion does not end with {EOS_TEXT}")
    return text[: -len(EOS_TEXT)].rstrip()


def encode_pair(encode, prompt, completion, eos_id):
    """Token ids of (prompt, completion + EOS) and whether the prompt/completion boundary merged.

    `encode(text, add_special_tokens)` returns token ids. The prompt is encoded the way an
    OpenAI-compatible server encodes a completions prompt (with the tokenizer's special tokens); the
    completion is cut from the joint encoding so its first token is the one the model must generate
    after the prompt. When joint encoding changes the prompt's tokens (a merge across the boundary),
    the completion is encoded alone and `merged` is True.
    """
    body = completion_body(completion)
    prompt_ids = list(encode(prompt, True))
    joint = list(encode(prompt + body, True))
    if joint[: len(prompt_ids)] == prompt_ids:
        return prompt_ids, joint[len(prompt_ids):] + [eos_id], False
    return prompt_ids, list(encode(body, False)) + [eos_id], True


def build_example(prompt_ids, completion_ids, eos_id, max_length, overlong="truncate"):
    """One training example: input ids and labels with every prompt token masked (IGNORE_INDEX)
    and every completion token, the final EOS included, in the loss.

    Longer than max_length: "truncate" cuts the end of the completion (the example then has no EOS
    and is marked truncated), "drop" returns None. A prompt that leaves no room returns None.
    """
    if overlong not in ("truncate", "drop"):
        raise ValueError(f"overlong must be truncate or drop, got {overlong}")
    if not completion_ids or completion_ids[-1] != eos_id:
        raise ValueError("the completion ids must end with the EOS id")
    input_ids = list(prompt_ids) + list(completion_ids)
    labels = [IGNORE_INDEX] * len(prompt_ids) + list(completion_ids)
    truncated = len(input_ids) > max_length
    if truncated:
        if overlong == "drop" or len(prompt_ids) >= max_length:
            return None
        input_ids, labels = input_ids[:max_length], labels[:max_length]
    example = {"input_ids": input_ids, "labels": labels, "prompt_length": len(prompt_ids), "truncated": truncated}
    check_loss_mask(example, eos_id)
    return example


def check_loss_mask(example, eos_id):
    """Raises ValueError unless prompt tokens are masked, completion tokens are labelled with
    themselves, and (untruncated) the last label is the EOS: the original masked EOS out of the loss,
    so its model never learned to stop."""
    n = example["prompt_length"]
    labels, ids = example["labels"], example["input_ids"]
    if len(labels) != len(ids):
        raise ValueError("labels and input ids differ in length")
    if any(label != IGNORE_INDEX for label in labels[:n]):
        raise ValueError("a prompt token is in the loss")
    if labels[n:] != ids[n:] or not labels[n:]:
        raise ValueError("completion tokens must be labelled with themselves")
    if not example["truncated"] and (labels[-1] != eos_id or ids[-1] != eos_id):
        raise ValueError("the EOS token must be the last input and count in the loss")


def pad_batch(examples, pad_id):
    """Right-pads a batch: (input_ids, labels, attention_mask) as lists of equal-length lists.
    Padding is masked by position (attention 0, label IGNORE_INDEX), never by token id, so a pad id
    equal to the EOS id cannot hide the EOS from the loss."""
    width = max(len(e["input_ids"]) for e in examples)
    ids, labels, mask = [], [], []
    for e in examples:
        fill = width - len(e["input_ids"])
        ids.append(e["input_ids"] + [pad_id] * fill)
        labels.append(e["labels"] + [IGNORE_INDEX] * fill)
        mask.append([1] * len(e["input_ids"]) + [0] * fill)
    return ids, labels, mask


def batches(count, batch_size, rng):
    """Shuffled index batches of one epoch."""
    order = list(range(count))
    rng.shuffle(order)
    return [order[i : i + batch_size] for i in range(0, count, batch_size)]
