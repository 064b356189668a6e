import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PYTHON_DIR } from "../../package-paths.js";
import { SandboxUnavailableError } from "./bwrap-probe.js";

/** The filter builder (python/seccomp_filter.py, libseccomp through Debian's python3-seccomp). */
export const SECCOMP_BUILDER = join(PYTHON_DIR, "seccomp_filter.py");

/** How long building the filter may take. */
const BUILD_TIMEOUT_MS = 30_000;

/** Programs already built in this process, by variant. */
const built = new Map<boolean, Buffer>();

/**
 * Debian's interpreter, where python3-seccomp lives: tried before the configured one (a venv
 * rarely has the bindings, and a failed start there would add its whole start-up to the first run).
 */
const SYSTEM_PYTHON = "/usr/bin/python3";

/**
 * The sandbox's seccomp BPF program for bubblewrap's --seccomp: built once per process with
 * libseccomp; denyMemfd adds memfd_create and System V shared memory (for runs without a
 * memory cgroup). Throws SandboxUnavailableError when it cannot be built: the sandbox fails
 * closed rather than run without the filter.
 */
export function seccompProgram(python: string, denyMemfd: boolean): Buffer {
  const known = built.get(denyMemfd);
  if (known) return known;
  const reasons: string[] = [];
  for (const interpreter of new Set([SYSTEM_PYTHON, python])) {
    const run = spawnSync(interpreter, ["-I", SECCOMP_BUILDER, ...(denyMemfd ? ["--deny-memfd"] : [])], {
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 1024 * 1024,
    });
    if (run.status === 0 && run.stdout.length > 0 && run.stdout.length % 8 === 0) {
      built.set(denyMemfd, run.stdout);
      return run.stdout;
    }
    reasons.push(`${interpreter}: ${(run.stderr?.toString("utf8") || run.error?.message || `exit ${run.status}`).trim()}`);
  }
  throw new SandboxUnavailableError(
    `cannot build the sandbox's seccomp filter with ${SECCOMP_BUILDER} (${reasons.join("; ")}); install libseccomp's ` +
      'Python bindings (apt-get install python3-seccomp), or pass --unsafe-no-sandbox (sandbox: "none") to run scripts WITHOUT isolation.',
  );
}
