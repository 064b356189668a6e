"""Probes the Python environment generated scripts run in; prints one JSON line.

Run once per run by Linguacodus with the run's interpreter inside its sandbox, so what it reports
is what a script can use: the Python version, the installed versions of the machine-learning
libraries, the CPUs the process may run on and whether a GPU device is visible. Libraries are
looked up through their package metadata (nothing is imported), so the probe takes milliseconds.
"""

import importlib.metadata
import importlib.util
import glob
import json
import math
import os
import platform
import sys

# Distribution name -> import name of the libraries a solution may want.
LIBRARIES = {
    "numpy": "numpy",
    "pandas": "pandas",
    "scikit-learn": "sklearn",
    "scipy": "scipy",
    "xgboost": "xgboost",
    "lightgbm": "lightgbm",
    "catboost": "catboost",
    "torch": "torch",
    "tensorflow": "tensorflow",
    "statsmodels": "statsmodels",
    "transformers": "transformers",
    "nltk": "nltk",
    "optuna": "optuna",
    "polars": "polars",
}


def library_version(distribution, module):
    """The installed version of a library, "unknown" when it imports but has no metadata, or None."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    return "unknown" if found else None


def cgroup_cpu_limit(path="/sys/fs/cgroup/cpu.max"):
    """CPUs allowed by a cgroup v2 quota ("200000 100000" -> 2), or None without a quota."""
    try:
        with open(path, encoding="ascii") as handle:
            quota, period = handle.read().split()[:2]
    except (OSError, ValueError):
        return None
    if quota == "max":
        return None
    try:
        return max(1, math.ceil(int(quota) / int(period)))
    except (ValueError, ZeroDivisionError):
        return None


def cpu_count(cpu_max_path="/sys/fs/cgroup/cpu.max"):
    """CPUs this process may use: its affinity, bounded by a cgroup quota."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    limit = cgroup_cpu_limit(cpu_max_path)
    return min(count, limit) if limit else count


def gpu_devices(dev_glob="/dev/nvidia[0-9]*", info_glob="/proc/driver/nvidia/gpus/*/information"):
    """Names of the NVIDIA GPUs whose device files are visible ("GPU" when the name is unknown)."""
    devices = sorted(glob.glob(dev_glob))
    if not devices:
        return []
    names = []
    for info in sorted(glob.glob(info_glob)):
        try:
            with open(info, encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if line.startswith("Model:"):
                        names.append(line.split(":", 1)[1].strip())
        except OSError:
            continue
    return names if len(names) == len(devices) else ["GPU"] * len(devices)


def probe():
    """The environment as a JSON-ready dict."""
    libraries = {}
    missing = []
    for distribution, module in LIBRARIES.items():
        version = library_version(distribution, module)
        if version is None:
            missing.append(distribution)
        else:
            libraries[distribution] = version
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "libraries": libraries,
        "missing": missing,
        "cpus": cpu_count(),
        "gpus": gpu_devices(),
    }


def main():
    sys.stdout.write(json.dumps(probe()) + "\n")


if __name__ == "__main__":
    main()
