import { accessSync, constants } from "node:fs";
import { isAbsolute } from "node:path";
import { BwrapExecutor, type ProcessLimitMode } from "./bwrap-executor.js";
import { probeBwrap } from "./bwrap-probe.js";
import type { PythonExecutor } from "./executor-types.js";
import { findPidsCgroupParent } from "./pids-cgroup.js";
import { PlainExecutor } from "./plain-executor.js";

/** The interpreter used when neither the option nor LINGUACODUS_PYTHON names one (never a PATH lookup). */
export const DEFAULT_PYTHON = "/usr/bin/python3";

/** Where bubblewrap is expected. */
export const DEFAULT_BWRAP = "/usr/bin/bwrap";

/** Warnings already printed in this process. */
const warned = new Set<string>();

/** Prints a LinguacodusSandboxWarning once per process. */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, "LinguacodusSandboxWarning");
}

/** How to build an executor. */
export interface PythonExecutorOptions {
  /** Interpreter path; else env LINGUACODUS_PYTHON; else /usr/bin/python3. */
  python?: string;
  /** "auto" and "bwrap" require bubblewrap and fail closed without it; "none" runs UNSANDBOXED. */
  sandbox?: "auto" | "bwrap" | "none";
  /** Path of bwrap (tests point it at a missing file to check failing closed). */
  bwrapPath?: string;
}

/** The interpreter to use: the option, else LINGUACODUS_PYTHON, else /usr/bin/python3; must be an absolute, executable path. */
export function resolvePython(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const python = option ?? env.LINGUACODUS_PYTHON ?? DEFAULT_PYTHON;
  if (!isAbsolute(python)) throw new Error(`Python interpreter must be an absolute path, got "${python}"`);
  try {
    accessSync(python, constants.X_OK);
  } catch {
    throw new Error(`Python interpreter ${python} is missing or not executable (set --python or LINGUACODUS_PYTHON)`);
  }
  return python;
}

/**
 * Creates the executor. Without a usable bubblewrap it throws SandboxUnavailableError
 * unless the caller explicitly chose sandbox "none".
 */
export function createPythonExecutor(options: PythonExecutorOptions = {}): PythonExecutor {
  const python = resolvePython(options.python);
  if (options.sandbox === "none") {
    warnOnce('sandbox "none": Python scripts run WITHOUT isolation (host files, network, your user)');
    return new PlainExecutor(python);
  }
  const bwrapPath = options.bwrapPath ?? DEFAULT_BWRAP;
  const features = probeBwrap(bwrapPath);
  const pidsCgroupParent = process.getuid?.() === 0 ? findPidsCgroupParent() : null;
  const processLimit: ProcessLimitMode = process.getuid?.() !== 0 ? "rlimit" : pidsCgroupParent ? "cgroup" : "none";
  if (processLimit === "none") {
    warnOnce(
      "running as root without a writable pids cgroup: the sandbox's process-count limit is NOT enforced " +
        "(RLIMIT_NPROC does not apply to uid 0); run as a normal user to get it",
    );
  }
  return new BwrapExecutor({ python, bwrapPath, features, pidsCgroupParent, processLimit });
}
