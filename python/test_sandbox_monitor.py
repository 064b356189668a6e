"""Tests for sandbox_monitor.py: the report, the exit code, what the command inherits, and the child's set-up."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

MONITOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sandbox_monitor.py")


def monitored(command, options=()):
    """Runs command under the monitor (with options) with the report on descriptor 30 and a stray descriptor 37 open."""
    report_read, report_write = os.pipe()
    stray_read, stray_write = os.pipe()
    os.dup2(report_write, 30, inheritable=True)
    os.dup2(stray_write, 37, inheritable=True)
    try:
        run = subprocess.run(
            [sys.executable, "-I", "-S", MONITOR, "30", *options, *command],
            pass_fds=(30, 37),
            capture_output=True,
            text=True,
        )
    finally:
        for fd in (30, 37, report_write, stray_write, stray_read):
            os.close(fd)
    with os.fdopen(report_read) as report:
        return run, json.loads(report.read())


class MonitorTest(unittest.TestCase):
    def test_reports_the_exit_code_and_exits_with_it(self):
        run, report = monitored([sys.executable, "-c", "import sys; sys.exit(3)"])
        self.assertEqual(run.returncode, 3)
        self.assertEqual((report["exitCode"], report["signal"]), (3, None))
        self.assertGreater(report["maxRssKb"], 0)

    def test_reports_a_signal_and_exits_with_128_plus_it(self):
        run, report = monitored([sys.executable, "-c", "import os; os.kill(os.getpid(), 9)"])
        self.assertEqual(run.returncode, 137)
        self.assertEqual((report["exitCode"], report["signal"]), (None, 9))

    def test_the_command_inherits_neither_the_report_nor_anything_above_it(self):
        run, _ = monitored([sys.executable, "-c", "import os; print(sorted(int(f) for f in os.listdir('/proc/self/fd')))"])
        self.assertEqual(run.stdout.strip(), "[0, 1, 2, 3]")  # 3 is listdir's own descriptor

    def test_says_why_a_command_cannot_start(self):
        run, report = monitored(["/nonexistent/command"])
        self.assertEqual(run.returncode, 127)
        self.assertIn("cannot start /nonexistent/command", run.stderr)
        self.assertEqual(report["exitCode"], 127)

    def test_sets_the_umask_before_the_command_starts(self):
        run, _ = monitored([sys.executable, "-c", "import os; print(oct(os.umask(0)))"], ["--umask", "027"])
        self.assertEqual(run.stdout.strip(), "0o27")

    def test_joins_each_cgroup_with_the_pid_the_command_then_runs_as(self):
        with tempfile.TemporaryDirectory() as scratch:
            procs = [os.path.join(scratch, name) for name in ("memory.procs", "pids.procs")]
            for path in procs:
                open(path, "w").close()
            options = ["--join", procs[0], "--join", procs[1], "--"]
            run, report = monitored([sys.executable, "-c", "import os; print(os.getpid())"], options)
            self.assertEqual(report["exitCode"], 0)
            for path in procs:
                with open(path) as written:
                    self.assertEqual(written.read(), run.stdout.strip())

    def test_a_cgroup_that_refuses_the_join_stops_the_command_with_125(self):
        run, report = monitored([sys.executable, "-c", "print('ran')"], ["--join", "/nonexistent/cgroup.procs"])
        self.assertEqual((run.returncode, report["exitCode"]), (125, 125))
        self.assertEqual(run.stdout, "")
        self.assertIn("cannot join /nonexistent/cgroup.procs", run.stderr)

    def test_parks_stderr_on_the_named_descriptor_with_dev_null_in_its_place(self):
        code = "import os; os.write(2, b'hidden\\n'); os.write(9, b'parked\\n'); print(os.readlink('/proc/self/fd/2'))"
        run, _ = monitored([sys.executable, "-c", code], ["--park-stderr", "9"])
        self.assertEqual(run.stdout.strip(), "/dev/null")
        self.assertEqual(run.stderr, "parked\n")

    def test_refuses_an_unknown_option_without_running_anything(self):
        command = [sys.executable, "-I", "-S", MONITOR, "1", "--bogus", "x", "/bin/true"]
        run = subprocess.run(command, capture_output=True, text=True)
        self.assertEqual(run.returncode, 2)
        self.assertIn("unknown option --bogus", run.stderr)


if __name__ == "__main__":
    unittest.main()
