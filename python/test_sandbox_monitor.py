"""Tests for sandbox_monitor.py: the report, the exit code, and what the command inherits."""

import json
import os
import subprocess
import sys
import unittest

MONITOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sandbox_monitor.py")


def monitored(command):
    """Runs command under the monitor with the report on descriptor 30 and a stray descriptor 37 open."""
    report_read, report_write = os.pipe()
    stray_read, stray_write = os.pipe()
    os.dup2(report_write, 30, inheritable=True)
    os.dup2(stray_write, 37, inheritable=True)
    try:
        run = subprocess.run(
            [sys.executable, "-I", "-S", MONITOR, "30", *command], pass_fds=(30, 37), capture_output=True, text=True
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


if __name__ == "__main__":
    unittest.main()
