#!/usr/bin/env python3
"""LoRA fine-tuning of a causal LM on Linguacodus records (records.jsonl of `linguacodus dataset extract`).

Loss only on completion tokens (prompt masked with -100), the EOS token kept in the loss; a
validation split (whole tasks held out) with its loss before training and after every epoch; seeds;
a max length computed from the data (capped by --max-length, truncations reported); bf16 where the
GPU supports it. Writes the adapter (save_pretrained) and metrics.json; --eval-generate reloads the
adapter onto the base with PeftModel.from_pretrained and generates from a validation prompt.

    python3 finetune/train_lora.py --records out/records.jsonl --out runs/lora --model meta-llama/Llama-2-7b-chat-hf
    python3 finetune/train_lora.py --records finetune/sample-records.jsonl --out /tmp/lora --tiny-random --eval-generate
"""
import argparse
import json
import math
import os
import random
import sys
import time

from lora_data import batches, build_example, encode_pair, load_records, split_records
from lora_eval import batch_loss, dtype_kwargs, evaluate, generate, reload_adapter

#: Linear layers of Llama-family models that get LoRA adapters by default.
DEFAULT_TARGETS = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj"


def parse_args(argv):
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--records", required=True, help="records.jsonl from `linguacodus dataset extract`")
    p.add_argument("--out", required=True, help="output directory: adapter/, metrics.json (base/ with --tiny-random)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", help="base causal LM: a local path or a hub id already in the cache")
    source.add_argument("--tiny-random", action="store_true", help="a tiny random Llama and a BPE tokenizer trained on the records")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--lr-scheduler", choices=["cosine", "constant"], default="cosine")
    p.add_argument("--warmup-ratio", type=float, default=0.03)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--max-grad-norm", type=float, default=1.0)
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--grad-accum", type=int, default=1)
    p.add_argument("--lora-r", type=int, default=16)
    p.add_argument("--lora-alpha", type=int, default=32)
    p.add_argument("--lora-dropout", type=float, default=0.05)
    p.add_argument("--target-modules", default=DEFAULT_TARGETS, help="comma-separated module names")
    p.add_argument("--max-length", type=int, default=4096, help="cap of the tokens per example (prompt + completion)")
    p.add_argument("--overlong", choices=["truncate", "drop"], default="truncate", help="what to do with examples over the cap")
    p.add_argument("--val-fraction", type=float, default=0.15)
    p.add_argument("--split", choices=["task", "record"], default="task", help="hold out whole tasks (default) or single records")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-minutes", type=float, default=None, help="stop training after this many minutes")
    p.add_argument("--device", choices=["auto", "cuda", "cpu"], default="auto")
    p.add_argument("--no-bf16", action="store_true", help="train in float32 even where bf16 is supported")
    p.add_argument("--gradient-checkpointing", action="store_true", help="trade compute for memory on large models")
    p.add_argument("--eval-generate", action="store_true", help="reload the saved adapter onto the base and generate")
    p.add_argument("--max-new-tokens", type=int, default=256)
    p.add_argument("--tiny-hidden", type=int, default=256)
    p.add_argument("--tiny-layers", type=int, default=4)
    p.add_argument("--tiny-vocab", type=int, default=1024)
    return p.parse_args(argv)


def set_seeds(seed):
    """Seeds Python and torch (CPU and every GPU)."""
    import torch

    random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def pick_device(choice, no_bf16):
    """(device, autocast dtype or None): bf16 autocast on a GPU that supports it."""
    import torch

    use_cuda = choice == "cuda" or (choice == "auto" and torch.cuda.is_available())
    device = torch.device("cuda" if use_cuda else "cpu")
    bf16 = use_cuda and not no_bf16 and torch.cuda.is_bf16_supported()
    return device, (torch.bfloat16 if bf16 else None)


def load_base(args, train_records, out_dir, load_dtype):
    """(model, tokenizer, base path for reloading). --tiny-random saves its random base to out/base."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if args.tiny_random:
        from tiny_model import build_model, build_tokenizer

        tokenizer = build_tokenizer((r["prompt"] + r["completion"] for r in train_records), args.tiny_vocab)
        model = build_model(tokenizer, args.tiny_hidden, args.tiny_layers, args.max_length, args.seed)
        base_path = os.path.join(out_dir, "base")
        model.save_pretrained(base_path)
        tokenizer.save_pretrained(base_path)
        return model, tokenizer, base_path
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    if tokenizer.pad_token is None:
        # Padding is masked by position, so any id works; never a new token (the original added
        # "[PAD]" without resizing the embeddings).
        tokenizer.pad_token = tokenizer.unk_token or tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(args.model, **dtype_kwargs(load_dtype))
    return model, tokenizer, args.model


def encode_all(records, tokenizer, max_length, overlong):
    """Training examples of `records` and counts of what happened to them."""
    def encode(text, special):
        return tokenizer(text, add_special_tokens=special)["input_ids"]

    examples, stats = [], {"truncated": 0, "dropped": 0, "boundary_merges": 0, "longest": 0}
    for record in records:
        prompt_ids, completion_ids, merged = encode_pair(encode, record["prompt"], record["completion"], tokenizer.eos_token_id)
        stats["boundary_merges"] += int(merged)
        stats["longest"] = max(stats["longest"], len(prompt_ids) + len(completion_ids))
        example = build_example(prompt_ids, completion_ids, tokenizer.eos_token_id, max_length, overlong)
        if example is None:
            stats["dropped"] += 1
            continue
        stats["truncated"] += int(example["truncated"])
        example["task_id"] = record["task_id"]
        examples.append(example)
    return examples, stats


def wrap_lora(model, args):
    """The model with LoRA adapters; the tiny random model also trains its embeddings and output head."""
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(
        r=args.lora_r,
        lora_alpha=args.lora_alpha,
        lora_dropout=args.lora_dropout,
        target_modules=[m.strip() for m in args.target_modules.split(",") if m.strip()],
        bias="none",
        task_type="CAUSAL_LM",
        modules_to_save=["embed_tokens", "lm_head"] if args.tiny_random else None,
    )
    if args.gradient_checkpointing:
        model.gradient_checkpointing_enable()
        model.enable_input_require_grads()
    return get_peft_model(model, config)


def make_scheduler(optimizer, kind, total_steps, warmup_ratio):
    """Linear warm-up, then constant or cosine decay to zero."""
    import torch

    warmup = int(total_steps * warmup_ratio)

    def factor(step):
        if step < warmup:
            return (step + 1) / warmup
        if kind == "constant":
            return 1.0
        progress = (step - warmup) / max(1, total_steps - warmup)
        return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def train(model, train_examples, val_examples, args, pad_id, device, autocast_dtype, metrics):
    """The training loop; appends one entry per epoch to metrics["epochs"]."""
    import torch

    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    steps_per_epoch = math.ceil(math.ceil(len(train_examples) / args.batch_size) / args.grad_accum)
    scheduler = make_scheduler(optimizer, args.lr_scheduler, steps_per_epoch * args.epochs, args.warmup_ratio)
    rng = random.Random(args.seed)
    started = time.time()
    deadline = started + args.max_minutes * 60 if args.max_minutes else None
    model.train()
    for epoch in range(1, args.epochs + 1):
        epoch_started, loss_total, loss_tokens = time.time(), 0.0, 0
        epoch_batches = batches(len(train_examples), args.batch_size, rng)
        for index, batch in enumerate(epoch_batches):
            loss_sum, count = batch_loss(model, [train_examples[i] for i in batch], pad_id, device, autocast_dtype)
            (loss_sum / max(count, 1) / args.grad_accum).backward()
            loss_total, loss_tokens = loss_total + float(loss_sum), loss_tokens + count
            if (index + 1) % args.grad_accum == 0 or index + 1 == len(epoch_batches):
                torch.nn.utils.clip_grad_norm_(params, args.max_grad_norm)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad(set_to_none=True)
        val_loss = evaluate(model, val_examples, args.batch_size, pad_id, device, autocast_dtype)
        metrics["epochs"].append(
            {"epoch": epoch, "train_loss": loss_total / max(loss_tokens, 1), "val_loss": val_loss, "seconds": time.time() - epoch_started}
        )
        print(f"epoch {epoch}: train loss {loss_total / max(loss_tokens, 1):.4f}, val loss {val_loss:.4f}", flush=True)
        if deadline is not None and time.time() > deadline:
            metrics["stopped_by_time_budget"] = True
            break
    metrics["seconds"]["train"] = time.time() - started


def versions():
    """Versions of the libraries that matter for reproducing a run."""
    import peft
    import torch
    import transformers

    return {"python": sys.version.split()[0], "torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__}


def write_metrics(path, metrics):
    """Writes metrics.json."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(metrics, handle, indent=2)


def main(argv=None):
    """Trains, saves the adapter and metrics.json, optionally reloads and generates; returns 0."""
    args = parse_args(argv)
    t0 = time.time()
    import torch

    set_seeds(args.seed)
    os.makedirs(args.out, exist_ok=True)
    device, autocast_dtype = pick_device(args.device, args.no_bf16)
    # The tiny model keeps float32 weights (bf16 autocast only); a real base loads in bf16 where supported.
    load_dtype = torch.float32 if args.tiny_random else (autocast_dtype or torch.float32)
    records = load_records(args.records)
    train_records, val_records, split = split_records(records, args.val_fraction, args.seed, args.split)
    model, tokenizer, base_path = load_base(args, train_records, args.out, load_dtype)
    train_examples, train_stats = encode_all(train_records, tokenizer, args.max_length, args.overlong)
    val_examples, val_stats = encode_all(val_records, tokenizer, args.max_length, args.overlong)
    if not train_examples or not val_examples:
        raise SystemExit("no training or validation examples left after encoding (see --max-length)")
    longest = max(len(e["input_ids"]) for e in train_examples + val_examples)
    print(f"{len(train_examples)} train / {len(val_examples)} val examples ({split} split), longest {longest} tokens", flush=True)
    for name, stats in (("train", train_stats), ("val", val_stats)):
        if stats["truncated"] or stats["dropped"]:
            print(f"{name}: {stats['truncated']} truncated, {stats['dropped']} dropped (longest {stats['longest']} > --max-length {args.max_length})")
    model = wrap_lora(model, args).to(device)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    pad_id = tokenizer.pad_token_id
    metrics = {
        "model": "tiny-random" if args.tiny_random else args.model,
        "device": str(device) + (f" ({torch.cuda.get_device_name(device)})" if device.type == "cuda" else ""),
        "precision": ("bf16 autocast" if autocast_dtype is not None else "float32") + f", base weights {str(load_dtype).replace('torch.', '')}",
        "versions": versions(),
        "hyperparameters": {k: v for k, v in vars(args).items() if k not in ("records", "out")},
        "split": {"by": split, "train_records": len(train_examples), "val_records": len(val_examples),
                  "val_tasks": sorted({r["task_id"] for r in val_records})},
        "tokens": {
            "max_length_used": longest,
            "train_tokens": sum(len(e["input_ids"]) for e in train_examples),
            "train_loss_tokens": sum(len(e["input_ids"]) - e["prompt_length"] for e in train_examples),
            "val_loss_tokens": sum(len(e["input_ids"]) - e["prompt_length"] for e in val_examples),
            "train": train_stats,
            "val": val_stats,
        },
        "eos_in_loss": True,
        "parameters": {"trainable": trainable, "total": total},
        "epochs": [],
        "stopped_by_time_budget": False,
        "seconds": {"setup": time.time() - t0},
    }
    initial = evaluate(model, val_examples, args.batch_size, pad_id, device, autocast_dtype)
    metrics["epochs"].append({"epoch": 0, "val_loss": initial})
    print(f"epoch 0: val loss {initial:.4f} (before training); trainable parameters {trainable} of {total}", flush=True)
    train(model, train_examples, val_examples, args, pad_id, device, autocast_dtype, metrics)
    adapter_dir = os.path.join(args.out, "adapter")
    model.save_pretrained(adapter_dir)
    tokenizer.save_pretrained(adapter_dir)
    val_losses = [e["val_loss"] for e in metrics["epochs"]]
    metrics.update({"initial_val_loss": initial, "final_val_loss": val_losses[-1], "best_val_loss": min(val_losses), "adapter_dir": adapter_dir, "base_path": base_path})
    metrics_path = os.path.join(args.out, "metrics.json")
    write_metrics(metrics_path, metrics)
    if args.eval_generate:
        reloaded = reload_adapter(base_path, adapter_dir, device, load_dtype)
        metrics["eval"] = {
            "reloaded_val_loss": evaluate(reloaded, val_examples, args.batch_size, pad_id, device, autocast_dtype),
            "task_id": val_records[0]["task_id"],
            "rank": val_records[0]["rank"],
            **generate(reloaded, tokenizer, val_records[0]["prompt"], args.max_new_tokens, device),
        }
        print(f"reloaded adapter: val loss {metrics['eval']['reloaded_val_loss']:.4f}; generated {metrics['eval']['new_tokens']} tokens"
              f" (ended with EOS: {metrics['eval']['ended_with_eos']}):\n{metrics['eval']['text'][:1500]}", flush=True)
    metrics["seconds"]["total"] = time.time() - t0
    write_metrics(metrics_path, metrics)
    print(f"wrote {adapter_dir} and {metrics_path} in {metrics['seconds']['total']:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
