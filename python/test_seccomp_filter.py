"""Tests for seccomp_filter.py: the exported program and the filter loaded into a real child process."""

import ctypes
import errno
import os
import subprocess
import sys
import tempfile
import unittest

import seccomp_filter

HERE = os.path.dirname(os.path.abspath(__file__))
LIBC = ctypes.CDLL(None, use_errno=True)
# x86_64 system call numbers; the loaded-filter tests run only there.
X86_64 = {"ptrace": 101, "keyctl": 250, "unshare": 272, "clone": 56, "clone3": 435, "bpf": 321, "memfd_create": 319}


def in_filtered_child(deny_memfd, probe):
    """Forks, loads the filter in the child, runs probe() there; returns what it wrote to the pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            seccomp_filter.build(deny_memfd).load()
            os.write(write_end, probe().encode())
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = []
    while True:
        chunk = os.read(read_end, 4096)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


def errno_of(name, *args):
    """The errno name a raw system call ends with ("OK" when it succeeded)."""
    result = LIBC.syscall(X86_64[name], *args)
    return "OK" if result >= 0 else errno.errorcode[ctypes.get_errno()]


class ExportTest(unittest.TestCase):
    def test_writes_a_bpf_program_of_whole_instructions(self):
        with tempfile.TemporaryFile() as out:
            code = subprocess.run([sys.executable, "-I", os.path.join(HERE, "seccomp_filter.py")], stdout=out).returncode
            self.assertEqual(code, 0)
            size = out.tell()
        self.assertGreater(size, 0)
        self.assertEqual(size % 8, 0)

    def test_the_memfd_variant_is_longer(self):
        plain = subprocess.run([sys.executable, "-I", os.path.join(HERE, "seccomp_filter.py")], capture_output=True).stdout
        strict = subprocess.run(
            [sys.executable, "-I", os.path.join(HERE, "seccomp_filter.py"), "--deny-memfd"], capture_output=True
        ).stdout
        self.assertGreater(len(strict), len(plain))

    def test_rejects_unknown_arguments(self):
        run = subprocess.run([sys.executable, "-I", os.path.join(HERE, "seccomp_filter.py"), "--allow-all"], capture_output=True)
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stdout, b"")


@unittest.skipUnless(os.uname().machine == "x86_64", "system call numbers below are x86_64's")
class LoadedFilterTest(unittest.TestCase):
    def test_denies_the_listed_calls_with_eperm_and_clone3_with_enosys(self):
        out = in_filtered_child(
            False,
            lambda: " ".join(
                [
                    errno_of("ptrace", 16, 1, 0, 0),
                    errno_of("keyctl", 1, 0),
                    errno_of("unshare", 0x10000000),
                    errno_of("bpf", 0, 0, 0),
                    errno_of("clone3", 0, 0),
                    errno_of("clone", 0x10000000 | 17, 0, 0, 0, 0),
                ]
            ),
        )
        self.assertEqual(out, "EPERM EPERM EPERM EPERM ENOSYS EPERM")

    def test_allows_fork_threads_and_memfd_unless_asked(self):
        def probe():
            pid = os.fork()
            if pid == 0:
                os._exit(7)
            _, status = os.waitpid(pid, 0)
            fd = os.memfd_create("probe")
            os.close(fd)
            return "fork exit %d memfd OK" % os.WEXITSTATUS(status)

        self.assertEqual(in_filtered_child(False, probe), "fork exit 7 memfd OK")

    def test_deny_memfd_refuses_memfd_create(self):
        self.assertEqual(in_filtered_child(True, lambda: errno_of("memfd_create", b"x", 0)), "EPERM")


if __name__ == "__main__":
    unittest.main()
