/** Sentences for the protections a platform cannot give, as they appear in every result's gaps. */
export const GAPS = {
  /** No memory cgroup could be created for the run. */
  memory:
    "no memory cgroup could be created here, so memory is limited per process (RLIMIT_AS) and by the /tmp and /dev/shm " +
    "size caps only (memfd_create and System V shared memory are denied instead); run as root, or delegate a cgroup v2 subtree",
  /** Root caller without a pids cgroup: RLIMIT_NPROC counts every run of the dedicated uid together. */
  processes:
    "no pids cgroup could be created here, so the process limit (RLIMIT_NPROC) counts the processes of all concurrent runs " +
    "of the sandbox uid together",
  /** keyutils' keyctl is missing: the run keeps the caller's session keyring (the seccomp filter still denies keyrings). */
  keyring:
    "keyctl (keyutils) is not installed, so the run keeps the caller's session keyring instead of a fresh empty one " +
    "(the seccomp filter still denies keyctl, add_key and request_key)",
  /** --unsafe-no-sandbox. */
  unsandboxed: "the script ran WITHOUT a sandbox (--unsafe-no-sandbox): as the caller, with the caller's files and network",
} as const;
