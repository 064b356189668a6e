"""Loss, loading and generation helpers of train_lora.py (torch, transformers and peft imported lazily)."""
import re

from lora_data import IGNORE_INDEX, pad_batch


def dtype_kwargs(dtype):
    """The from_pretrained keyword for a weight dtype: `dtype` from transformers 4.56 on, `torch_dtype` before."""
    import transformers

    major, minor = (int(part) for part in re.match(r"(\d+)\.(\d+)", transformers.__version__).groups())
    return {"dtype": dtype} if (major, minor) >= (4, 56) else {"torch_dtype": dtype}


def batch_loss(model, examples, pad_id, device, autocast_dtype):
    """(summed token loss, loss-token count) of one batch; the loss counts only labelled tokens
    (the completion and its EOS), computed in float32 from the shifted logits."""
    import contextlib

    import torch

    ids, labels, mask = (torch.tensor(part, device=device) for part in pad_batch(examples, pad_id))
    autocast = contextlib.nullcontext() if autocast_dtype is None else torch.autocast(device_type=device.type, dtype=autocast_dtype)
    with autocast:
        logits = model(input_ids=ids, attention_mask=mask).logits
    shift_logits = logits[:, :-1, :].float()
    shift_labels = labels[:, 1:]
    loss_sum = torch.nn.functional.cross_entropy(
        shift_logits.reshape(-1, shift_logits.size(-1)), shift_labels.reshape(-1), ignore_index=IGNORE_INDEX, reduction="sum"
    )
    return loss_sum, int((shift_labels != IGNORE_INDEX).sum())


def evaluate(model, examples, batch_size, pad_id, device, autocast_dtype):
    """Mean loss per labelled token over `examples` (eval mode, no gradients)."""
    import torch

    was_training = model.training
    model.eval()
    total, tokens = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(examples), batch_size):
            loss_sum, count = batch_loss(model, examples[start : start + batch_size], pad_id, device, autocast_dtype)
            total += float(loss_sum)
            tokens += count
    model.train(was_training)
    return total / max(tokens, 1)


def reload_adapter(base_path, adapter_dir, device, load_dtype):
    """The base model from `base_path` with the saved adapter loaded by PeftModel.from_pretrained."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(base_path, **dtype_kwargs(load_dtype))
    return PeftModel.from_pretrained(base, adapter_dir).to(device).eval()


def generate(model, tokenizer, prompt, max_new_tokens, device):
    """Greedy generation from a formatted prompt, encoded as in training: the new text, its token
    count, and whether it ended with the EOS token (a model that learned to stop)."""
    import torch

    encoded = tokenizer(prompt, return_tensors="pt")
    input_ids = encoded["input_ids"].to(device)
    with torch.no_grad():
        output = model.generate(
            input_ids=input_ids,
            attention_mask=encoded["attention_mask"].to(device),
            max_new_tokens=max_new_tokens,
            do_sample=False,
            eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id,
        )
    new = output[0, input_ids.shape[1] :].tolist()
    return {
        "text": tokenizer.decode(new, skip_special_tokens=True),
        "new_tokens": len(new),
        "ended_with_eos": bool(new) and new[-1] == tokenizer.eos_token_id,
    }
