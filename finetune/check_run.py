#!/usr/bin/env python3
"""Checks a train_lora.py run (its metrics.json) and writes the figures of the GPU check as JSON.

    python3 finetune/check_run.py RUN/metrics.json OUT/gpu_check.json [--train-exit-code N] [--merge-exit-code N]

Exit 0 only when every check passes. Pure Python: runs (and is tested) without torch.
"""
import argparse
import json
import os
import sys

#: The best validation loss must fall below this share of the loss before training.
BEST_VAL_RATIO = 0.6
#: The last validation loss must fall below this share of the loss before training.
FINAL_VAL_RATIO = 0.85
#: Largest difference between the reloaded adapter's validation loss and the trained model's.
RELOAD_TOLERANCE = 0.02


def check(metrics, merge_exit_code=None):
    """A list of (name, passed, detail) for a run's metrics (and the merge step, when it ran)."""
    epochs = metrics.get("epochs", [])
    initial = metrics.get("initial_val_loss")
    best = metrics.get("best_val_loss")
    final = metrics.get("final_val_loss")
    trained = [e for e in epochs if e.get("epoch", 0) > 0]
    results = [
        ("trained at least one epoch", len(trained) > 0, f"{len(trained)} epochs"),
        ("EOS token kept in the loss", metrics.get("eos_in_loss") is True, "asserted for every example by build_example"),
    ]
    if initial is not None and best is not None and final is not None:
        results.append(("best val loss clearly below the initial", best < BEST_VAL_RATIO * initial, f"{best:.4f} < {BEST_VAL_RATIO} x {initial:.4f}"))
        results.append(("final val loss clearly below the initial", final < FINAL_VAL_RATIO * initial, f"{final:.4f} < {FINAL_VAL_RATIO} x {initial:.4f}"))
    else:
        results.append(("validation losses recorded", False, "initial/best/final val loss missing"))
    evaluation = metrics.get("eval")
    if evaluation is None:
        results.append(("adapter reloaded and generated", False, "no eval section (run with --eval-generate)"))
    else:
        gap = abs(evaluation["reloaded_val_loss"] - final) if final is not None else float("inf")
        results.append(("reloaded adapter reproduces the val loss", gap <= RELOAD_TOLERANCE + 0.01 * abs(final or 0), f"|{evaluation['reloaded_val_loss']:.4f} - {final}| = {gap:.4f}"))
        results.append(("generation produced text", evaluation.get("new_tokens", 0) > 0 and bool(evaluation.get("text", "").strip()), f"{evaluation.get('new_tokens', 0)} new tokens"))
    if merge_exit_code is not None:
        results.append(("merge_adapter.py merged base + adapter", merge_exit_code == 0, f"exit code {merge_exit_code}"))
    return results


def summary(metrics, results, train_exit_code):
    """The figures written to gpu_check.json."""
    evaluation = metrics.get("eval") or {}
    return {
        "ok": train_exit_code == 0 and all(passed for _, passed, _ in results),
        "train_exit_code": train_exit_code,
        "checks": [{"name": name, "passed": passed, "detail": detail} for name, passed, detail in results],
        "device": metrics.get("device"),
        "precision": metrics.get("precision"),
        "versions": metrics.get("versions"),
        "split": metrics.get("split"),
        "tokens": metrics.get("tokens"),
        "parameters": metrics.get("parameters"),
        "initial_val_loss": metrics.get("initial_val_loss"),
        "best_val_loss": metrics.get("best_val_loss"),
        "final_val_loss": metrics.get("final_val_loss"),
        "epochs_run": len([e for e in metrics.get("epochs", []) if e.get("epoch", 0) > 0]),
        "loss_curve": [{k: round(v, 4) if isinstance(v, float) else v for k, v in e.items()} for e in metrics.get("epochs", [])],
        "stopped_by_time_budget": metrics.get("stopped_by_time_budget"),
        "seconds": metrics.get("seconds"),
        "reloaded_val_loss": evaluation.get("reloaded_val_loss"),
        "generation": {**{k: evaluation.get(k) for k in ("task_id", "rank", "new_tokens", "ended_with_eos")}, "text": (evaluation.get("text") or "")[:2000]},
    }


def main(argv=None):
    """Reads metrics.json (if any), writes the summary, prints each check; returns the exit code."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("metrics")
    p.add_argument("output")
    p.add_argument("--train-exit-code", type=int, default=0)
    p.add_argument("--merge-exit-code", type=int, default=None)
    args = p.parse_args(argv)
    if os.path.exists(args.metrics):
        with open(args.metrics, encoding="utf-8") as handle:
            metrics = json.load(handle)
        results = check(metrics, args.merge_exit_code)
    else:
        metrics, results = {}, [("metrics.json written", False, f"{args.metrics} is missing (training failed early)")]
    report = summary(metrics, results, args.train_exit_code)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2)
    for name, passed, detail in results:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")
    print(f"gpu check {'OK' if report['ok'] else 'FAILED'} (train exit code {args.train_exit_code}); figures in {args.output}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
