"""Builds the sandbox's seccomp deny-list with libseccomp and writes it as a BPF program.

bubblewrap loads the program with --seccomp FD just before it execs the sandboxed command,
so it binds the script and everything the script starts. Every other system call is allowed:
the list names only what an ML script (numpy, pandas, scikit-learn with its process pools,
xgboost) never needs and what widens the kernel attack surface or reaches other processes.

Usage: /usr/bin/python3 -I seccomp_filter.py [--deny-memfd] > filter.bpf
--deny-memfd also denies memfd_create and System V shared memory, for runs whose memory
is not limited by a cgroup (those pages are outside RLIMIT_AS and the tmpfs caps).
"""

import errno
import sys

import seccomp

# Denied with EPERM: other processes' memory and descriptors, keyrings, kernel extension
# points (io_uring, perf, bpf, modules, kexec), mounts and namespaces, and host-wide state.
DENIED = (
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "process_madvise",
    "pidfd_getfd",
    "kcmp",
    "keyctl",
    "add_key",
    "request_key",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "perf_event_open",
    "bpf",
    "userfaultfd",
    "mount",
    "umount2",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "move_mount",
    "open_tree",
    "mount_setattr",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "init_module",
    "finit_module",
    "delete_module",
    "kexec_load",
    "kexec_file_load",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "quotactl",
    "quotactl_fd",
    "open_by_handle_at",
    "name_to_handle_at",
    "lookup_dcookie",
    "syslog",
    "iopl",
    "ioperm",
    "vhangup",
    "uselib",
)

# Memory that RLIMIT_AS does not count until it is mapped.
UNCOUNTED_MEMORY = ("memfd_create", "shmget")

# clone(2) flags that create namespaces (clone's first argument on every supported arch).
NAMESPACE_FLAGS = (
    0x00020000,  # CLONE_NEWNS
    0x02000000,  # CLONE_NEWCGROUP
    0x04000000,  # CLONE_NEWUTS
    0x08000000,  # CLONE_NEWIPC
    0x10000000,  # CLONE_NEWUSER
    0x20000000,  # CLONE_NEWPID
    0x40000000,  # CLONE_NEWNET
)


def build(deny_memfd):
    """The filter: allow by default, EPERM for DENIED and namespace-creating clone(2),
    ENOSYS for clone3 (its flags are behind a pointer; libc then falls back to clone),
    and the whole process killed for a foreign architecture's calls (e.g. int 0x80)."""
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    rules.set_attr(seccomp.Attr.ACT_BADARCH, seccomp.KILL_PROCESS)
    denied = DENIED + (UNCOUNTED_MEMORY if deny_memfd else ())
    for name in denied:
        rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
    for flag in NAMESPACE_FLAGS:
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    return rules


def main(argv):
    """Writes the BPF program to stdout; exit 2 on unknown arguments."""
    options = set(argv)
    if not options <= {"--deny-memfd"}:
        sys.stderr.write("usage: seccomp_filter.py [--deny-memfd] > filter.bpf\n")
        return 2
    sys.stdout.flush()
    build("--deny-memfd" in options).export_bpf(sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
