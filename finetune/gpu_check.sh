#!/usr/bin/env bash
# GPU check of the fine-tuning pipeline, in one go and under 5 minutes, with no network and no weights:
#   sample corpus -> records (reference instructions, no model) -> tiny random Llama + BPE tokenizer
#   -> LoRA training for at most two minutes -> validation loss must fall clearly -> adapter saved,
#   reloaded with PeftModel.from_pretrained (same val loss) -> greedy generation -> merge_adapter.py.
# Figures go to $OUT/gpu_check.json (and the run's metrics.json to $OUT/metrics.json); the log to stdout.
#
#   bash finetune/gpu_check.sh           # GPU machine: PyTorch, transformers and peft installed
#   bash finetune/gpu_check.sh --quick   # CPU only, about a minute: smaller model, 30 s of training
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-$(mktemp -d)}"
WORK="$(mktemp -d)"
PY="${PYTHON:-python3}"
export PYTHONDONTWRITEBYTECODE=1 TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
mkdir -p "$OUT"
started=$(date +%s)

if [ "${1:-}" = "--quick" ]; then
  MODE=(--device cpu --tiny-hidden 64 --tiny-layers 2 --tiny-vocab 512 --epochs 40 --max-minutes 0.5 --max-new-tokens 64)
  LIMIT=150
else
  MODE=(--device auto --tiny-hidden 256 --tiny-layers 4 --tiny-vocab 1024 --epochs 60 --max-minutes 2 --max-new-tokens 200)
  LIMIT=210
fi

echo "== records"
RECORDS=finetune/sample-records.jsonl
if command -v node >/dev/null 2>&1 && [ -d node_modules/tsx ] && node bin/linguacodus.js dataset --help >/dev/null 2>&1 \
  && node bin/linguacodus.js dataset extract data/sample-corpus --out "$WORK/records" --reference; then
  RECORDS="$WORK/records/records.jsonl"
else
  echo "'linguacodus dataset' cannot run here (no node/tsx, or the CLI lacks it): using $RECORDS, the output of"
  echo "'linguacodus dataset extract data/sample-corpus --out DIR --reference' (tests/dataset checks it is current)"
fi
echo "$(wc -l < "$RECORDS") records in $RECORDS"

echo "== environment"
"$PY" - <<'EOF' || echo "(environment probe failed)"
import sys
import torch, transformers, peft, tokenizers
print("python", sys.version.split()[0], "| torch", torch.__version__, "| transformers", transformers.__version__,
      "| peft", peft.__version__, "| tokenizers", tokenizers.__version__)
print("cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "",
      "| bf16", torch.cuda.is_available() and torch.cuda.is_bf16_supported())
EOF

echo "== training (time limit ${LIMIT} s)"
timeout "$LIMIT" "$PY" finetune/train_lora.py --records "$RECORDS" --out "$WORK/run" --tiny-random --eval-generate \
  --lr 1e-3 --warmup-ratio 0.05 --batch-size 2 --val-fraction 0.3 --split record --seed 0 "${MODE[@]}"
train_rc=$?

echo "== merge (base + adapter -> plain model, as for llama.cpp)"
timeout 50 "$PY" finetune/merge_adapter.py --base "$WORK/run/base" --adapter "$WORK/run/adapter" --out "$WORK/merged" --dtype float32
merge_rc=$?

echo "== checks"
"$PY" finetune/check_run.py "$WORK/run/metrics.json" "$OUT/gpu_check.json" --train-exit-code "$train_rc" --merge-exit-code "$merge_rc"
rc=$?
cp "$WORK/run/metrics.json" "$OUT/metrics.json" 2>/dev/null || true
echo "total $(($(date +%s) - started)) s; figures: $OUT/gpu_check.json"
exit "$rc"
