"""Writes manifest.json: every op's module, contract (needs, defines) and parameters, and each module's dependencies.

Usage: python3 -m linguacodus_ops.manifest [--check]   (run from python/; --check fails when the file is stale)
"""
import ast
import importlib
import inspect
import json
import os
import sys

MODULES = ["runtime", "data", "metrics", "features", "encoders", "models", "validation", "submission", "constant"]
HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "manifest.json")


def module_dependencies(name):
    """The package modules a module imports relatively (``from .x import a``), in file order."""
    with open(os.path.join(HERE, f"{name}.py"), encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    return [node.module for node in tree.body if isinstance(node, ast.ImportFrom) and node.level == 1]


def parameters(fn):
    """Keyword parameters after the state: name -> {"default": value} or {"required": true}."""
    out = {}
    for p in list(inspect.signature(fn).parameters.values())[1:]:
        if p.default is inspect.Parameter.empty:
            out[p.name] = {"required": True}
        else:
            default = list(p.default) if isinstance(p.default, tuple) else p.default
            out[p.name] = {"default": default}
    return out


def build():
    """The manifest as a dict."""
    ops = {}
    for name in MODULES:
        module = importlib.import_module(f"linguacodus_ops.{name}")
        for fn_name, fn in vars(module).items():
            if callable(fn) and hasattr(fn, "needs") and fn.__module__ == module.__name__:
                ops[fn_name] = {"module": name, "needs": list(fn.needs), "defines": list(fn.defines), "params": parameters(fn)}
    modules = {name: {"depends": module_dependencies(name)} for name in MODULES}
    return {"modules": modules, "ops": dict(sorted(ops.items()))}


def render():
    """The manifest file's text."""
    return json.dumps(build(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        with open(PATH, encoding="utf-8") as handle:
            sys.exit(0 if handle.read() == text else "manifest.json is stale: run python3 -m linguacodus_ops.manifest")
    with open(PATH, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {PATH}: {len(json.loads(text)['ops'])} ops")
