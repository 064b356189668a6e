"""Linguacodus ops: the code templates of the offline engine, as a Python package.

Each op is a function ``op_name(s, **params)`` decorated with ``@op(needs=..., defines=...)``:
it reads the names it needs from the shared state ``s`` and sets the names it defines. The
TypeScript coder composes a solution script by inlining the modules its plan uses (relative
imports dropped) and writing one call per instruction step; it checks the plan against the
contracts in ``manifest.json`` (``python3 -m linguacodus_ops.manifest`` regenerates it) before
anything runs.
"""
