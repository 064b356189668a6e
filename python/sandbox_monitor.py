"""Host-side monitor of one sandboxed run, for runs without a per-run cgroup to measure them.

It runs OUTSIDE the sandbox (in the caller's pid namespace, which the script cannot see or
address), forks, execs the sandbox command in the child with the report descriptor and every
descriptor above it closed (so nothing the caller inherited reaches the command),
and waits for it with wait4: the exit status and the resource use (peak RSS of the largest
process, CPU seconds of the whole reaped tree) come from the kernel, never from anything
the script can touch. It writes one JSON line on the report descriptor and exits with the
command's code. It imports only os, resource and sys to keep its start-up small.

Usage: /usr/bin/python3 -I -S sandbox_monitor.py REPORT_FD COMMAND [ARG...]
"""

import os
import resource
import sys


def report_line(status, usage):
    """The report: exit code or signal of the command, maxRssKb and cpuSeconds of its tree."""
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    signum = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    as_json = lambda value: "null" if value is None else str(value)  # noqa: E731
    return '{"exitCode": %s, "signal": %s, "maxRssKb": %d, "cpuSeconds": %.3f}\n' % (
        as_json(code),
        as_json(signum),
        usage.ru_maxrss,
        usage.ru_utime + usage.ru_stime,
    )


def main(argv):
    """Runs argv[1:] with descriptors from argv[0] on closed in it; reports on descriptor argv[0]."""
    report_fd = int(argv[0])
    command = argv[1:]
    pid = os.fork()
    if pid == 0:
        try:
            os.closerange(report_fd, os.sysconf("SC_OPEN_MAX"))
            os.execv(command[0], command)
        except BaseException as error:
            os.write(2, ("linguacodus monitor: cannot start %s: %r\n" % (command[0], error)).encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    os.write(report_fd, report_line(status, usage).encode())
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
