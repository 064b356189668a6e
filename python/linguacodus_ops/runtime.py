"""The shared state, op contracts and the wall-clock budget every composed script uses."""
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


class Budget:
    """The script's wall-clock budget: seconds since start, seconds left, and whether work fits."""

    def __init__(self, seconds, estimate):
        self.seconds = float(seconds)
        self.estimate = float(estimate)

    def elapsed(self):
        """Seconds since the script started."""
        return time.time() - SCRIPT_START

    def left(self):
        """Seconds left before the budget is spent."""
        return self.seconds - self.elapsed()

    def fits(self, seconds, reserve=0.0):
        """Whether work of ``seconds`` fits in what is left, keeping ``reserve`` seconds spare."""
        return seconds <= self.left() - reserve


@op(needs=(), defines=("budget", "seed"))
def plan_budget(s, seconds=150, estimate=0.0, parts=None, cuts=None, seed=0, threads=1):
    """Starts the budget and prints the plan's estimate (and what was cut to fit) before the run."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads, user_api="openmp")
    except ImportError:
        pass
    s.budget = Budget(seconds, estimate)
    s.seed = seed
    shown = ", ".join(f"{name} {value:.0f}s" for name, value in (parts or {}).items())
    print(f"PLAN ESTIMATE: {estimate:.0f} s of a {seconds:.0f} s budget ({shown})", flush=True)
    for cut in cuts or []:
        print(f"PLAN CUT: {cut}", flush=True)


@op(needs=("budget",), defines=())
def report_actual(s):
    """Prints the wall time actually taken next to the estimate."""
    b = s.budget
    print(f"PLAN ACTUAL: {b.elapsed():.1f} s (estimate {b.estimate:.0f} s, budget {b.seconds:.0f} s)", flush=True)
