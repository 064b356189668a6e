#!/usr/bin/env python3
"""Merges a LoRA adapter into its base model and saves a plain model directory (safetensors and
tokenizer), e.g. for llama.cpp's convert_hf_to_gguf.py or a server without LoRA support.

    python3 finetune/merge_adapter.py --base meta-llama/Llama-2-7b-chat-hf --adapter runs/lora/adapter --out runs/merged
"""
import argparse
import sys


def main(argv=None):
    """Loads base + adapter, merges, saves; returns 0."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", required=True, help="the base model the adapter was trained on (path or cached hub id)")
    p.add_argument("--adapter", required=True, help="adapter directory written by train_lora.py (adapter/)")
    p.add_argument("--out", required=True, help="directory for the merged model")
    p.add_argument("--dtype", choices=["bfloat16", "float16", "float32"], default="bfloat16")
    args = p.parse_args(argv)

    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from lora_eval import dtype_kwargs

    base = AutoModelForCausalLM.from_pretrained(args.base, **dtype_kwargs(getattr(torch, args.dtype)))
    merged = PeftModel.from_pretrained(base, args.adapter).merge_and_unload()
    merged.save_pretrained(args.out, safe_serialization=True)
    AutoTokenizer.from_pretrained(args.adapter).save_pretrained(args.out)
    print(f"merged {args.adapter} into {args.base}: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
