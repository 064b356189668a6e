"""A tiny randomly initialised Llama and a byte-level BPE tokenizer trained on the records: no
download, no weights. For checking the training pipeline, not for useful instructions."""

#: Special tokens of the tiny tokenizer, spelled as Llama 2 spells them.
SPECIAL_TOKENS = ["<unk>", "<s>", "</s>", "<pad>"]


def build_tokenizer(texts, vocab_size):
    """Trains a byte-level BPE tokenizer on `texts` and wraps it as a PreTrainedTokenizerFast.
    "<s>" and "</s>" in text are read as the BOS and EOS tokens, as Llama 2's tokenizer reads them."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(list(texts), trainer=trainer)
    tokenizer.add_special_tokens(SPECIAL_TOKENS)
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>", bos_token="<s>", eos_token="</s>", pad_token="<pad>")


def build_model(tokenizer, hidden_size, layers, max_positions, seed):
    """A randomly initialised LlamaForCausalLM sized for a quick check (untied input/output embeddings)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    heads = max(1, hidden_size // 64)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=hidden_size * 8 // 3,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=heads,
        max_position_embeddings=max_positions,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=False,
    )
    torch.manual_seed(seed)
    return LlamaForCausalLM(config)
