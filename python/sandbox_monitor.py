"""Host-side monitor of one sandboxed run, for runs without a per-run cgroup to measure them.

It runs OUTSIDE the sandbox (in the caller's pid namespace, which the script cannot see or
address), forks, and in the child closes the report descriptor and every descriptor above it
(so nothing the caller inherited reaches the command), then optionally sets the umask, joins
the run's cgroups (writing its pid to each cgroup.procs file; exit 125 when one refuses) and
parks stderr on another descriptor with /dev/null in its place, and execs the command. It
waits for it with wait4: the exit status and the resource use (peak RSS of the largest
process, CPU seconds of the whole reaped tree) come from the kernel, never from anything the
script can touch. It writes one JSON line on the report descriptor and exits with the
command's code. It imports only os, resource and sys to keep its start-up small; doing the
child's set-up itself spares the sandbox a shell in front of it.

Usage: /usr/bin/python3 -I -S sandbox_monitor.py REPORT_FD [--umask OCTAL] [--join PROCS_FILE]...
       [--park-stderr FD] [--] COMMAND [ARG...]
"""

import os
import resource
import sys

# Exit status of the child when it cannot join a cgroup (as the shell entry's `exit 125`).
JOIN_FAILED = 125

USAGE = (
    "usage: sandbox_monitor.py REPORT_FD [--umask OCTAL] [--join PROCS_FILE]... [--park-stderr FD]"
    " [--] COMMAND [ARG...]\n"
)


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


def parse(argv):
    """(report_fd, umask or None, cgroup.procs files, park fd or None, command); ValueError on bad options."""
    report_fd = int(argv[0])
    rest = list(argv[1:])
    umask, joins, park = None, [], None
    while rest and rest[0].startswith("--"):
        flag = rest.pop(0)
        if flag == "--":
            break
        if not rest:
            raise ValueError("option %s needs a value" % flag)
        value = rest.pop(0)
        if flag == "--umask":
            umask = int(value, 8)
        elif flag == "--join":
            joins.append(value)
        elif flag == "--park-stderr":
            park = int(value)
        else:
            raise ValueError("unknown option %s" % flag)
    if not rest:
        raise ValueError("no command")
    return report_fd, umask, joins, park, rest


def set_up_child(report_fd, umask, joins, park):
    """In the forked child, before exec: descriptors, umask, cgroups, parked stderr."""
    os.closerange(report_fd, os.sysconf("SC_OPEN_MAX"))
    if umask is not None:
        os.umask(umask)
    pid = str(os.getpid()).encode()
    for procs in joins:
        try:
            fd = os.open(procs, os.O_WRONLY)
            try:
                os.write(fd, pid)
            finally:
                os.close(fd)
        except OSError as error:
            os.write(2, ("linguacodus monitor: cannot join %s: %s\n" % (procs, error.strerror)).encode())
            os._exit(JOIN_FAILED)
    if park is not None:
        os.dup2(2, park)
        null = os.open("/dev/null", os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)


def main(argv):
    """Runs the command with descriptors from REPORT_FD on closed in it; reports on REPORT_FD."""
    try:
        report_fd, umask, joins, park, command = parse(argv)
    except (IndexError, ValueError) as error:
        sys.stderr.write("linguacodus monitor: %s\n%s" % (error, USAGE))
        return 2
    pid = os.fork()
    if pid == 0:
        stderr = 2
        try:
            set_up_child(report_fd, umask, joins, park)
            stderr = 2 if park is None else park
            os.execv(command[0], command)
        except BaseException as error:
            os.write(stderr, ("linguacodus monitor: cannot start %s: %r\n" % (command[0], error)).encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    os.write(report_fd, report_line(status, usage).encode())
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
