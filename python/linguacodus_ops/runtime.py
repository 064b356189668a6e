"""The shared state, op contracts, the wall-clock budget and the metrics file every composed script uses."""
import json
import math
import time
import warnings

warnings.filterwarnings("ignore")

SCRIPT_START = time.time()
OPS = {}


def op(needs=(), defines=()):
    """Declares an op: the state names it reads (or changes in place) and the names it sets."""

    def register(fn):
        fn.needs, fn.defines = tuple(needs), tuple(defines)
        OPS[fn.__name__] = fn
        return fn

    return register


class State:
    """The names ops share, as attributes (``s.train``, ``s.models``)."""

    def __repr__(self):
        return f"State({', '.join(sorted(vars(self)))})"


def log(message):
    """Prints a progress line with the seconds since the script started."""
    print(f"[{time.time() - SCRIPT_START:6.1f}s] {message}", flush=True)


def write_metrics(path, scores, weights):
    """Writes the metrics file of the script contract: every model's validation score and the blend weights (summing to 1).

    The file is ``{"models": [{"name": ..., "validationScore": ...}], "blend": {name: weight}}``; a model without a finite
    score is left out of ``models``, a member of weight 0 out of ``blend``.
    """
    members = {name: float(w) for name, w in weights.items() if w > 0}
    total = sum(members.values()) or 1.0
    doc = {
        "models": [{"name": name, "validationScore": float(v)} for name, v in scores.items() if math.isfinite(float(v))],
        "blend": {name: w / total for name, w in members.items()},
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(doc, handle, indent=2)


class Budget:
    """The script's wall-clock budget: seconds since start, seconds left before the hard limit, and whether work fits.

    The plan was sized for ``target`` seconds on a quiet machine; ``seconds`` is the hard limit the run must never pass
    (a busy machine may take longer than the target, and the guards cut work only when the limit is at stake).
    """

    def __init__(self, seconds, estimate, target=None):
        self.seconds = float(seconds)
        self.estimate = float(estimate)
        self.target = float(target if target is not None else seconds)

    def elapsed(self):
        """Seconds since the script started."""
        return time.time() - SCRIPT_START

    def left(self):
        """Seconds left before the budget is spent."""
        return self.seconds - self.elapsed()

    def reserve(self):
        """Seconds kept spare for predicting, writing the submission and the interpreter's exit."""
        return min(5.0, 0.05 * self.seconds)

    def fits(self, seconds):
        """Whether work of ``seconds`` fits in what is left, keeping the reserve spare."""
        return seconds <= self.left() - self.reserve()


@op(needs=(), defines=("budget", "seed"))
def plan_budget(s, seconds=150, limit=None, estimate=0.0, parts=None, cuts=None, seed=0, threads=1):
    """Starts the budget and prints the plan's estimate (and what was cut to fit) before the run.

    ``seconds`` is the plan's target on a quiet machine, ``limit`` the hard limit the guards keep (default: the target).
    """
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads, user_api="openmp")
    except ImportError:
        pass
    s.budget = Budget(limit if limit is not None else seconds, estimate, seconds)
    s.seed = seed
    shown = ", ".join(f"{name} {value:.0f}s" for name, value in (parts or {}).items())
    print(f"PLAN ESTIMATE: {estimate:.0f} s of a {seconds:.0f} s target, hard limit {s.budget.seconds:.0f} s ({shown})", flush=True)
    for cut in cuts or []:
        print(f"PLAN CUT: {cut}", flush=True)


@op(needs=("budget",), defines=())
def report_actual(s):
    """Prints the wall time actually taken next to the estimate."""
    b = s.budget
    print(f"PLAN ACTUAL: {b.elapsed():.1f} s (estimate {b.estimate:.0f} s, target {b.target:.0f} s, hard limit {b.seconds:.0f} s)", flush=True)
