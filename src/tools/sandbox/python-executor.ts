import { accessSync, constants } from "node:fs";
import { isAbsolute } from "node:path";
import type { SandboxIdentity } from "./bwrap-args.js";
import { BwrapExecutor } from "./bwrap-executor.js";
import { probeBwrap } from "./bwrap-probe.js";
import type { PythonExecutor } from "./executor-types.js";
import { GAPS } from "./gaps.js";
import { cgroupLayout, dedicatedUid, keyctlUsable, requireHelpers } from "./host-probes.js";
import { PlainExecutor } from "./plain-executor.js";
import { seccompProgram } from "./seccomp.js";

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
 * Creates the executor. Without a usable bubblewrap, seccomp filter builder or util-linux
 * helpers it throws SandboxUnavailableError unless the caller explicitly chose sandbox "none".
 * A root caller's scripts run as a dedicated unprivileged uid (LINGUACODUS_SANDBOX_UID, 65000).
 * Protections the host cannot give (no memory cgroup, no keyctl) are printed once as a
 * LinguacodusSandboxWarning and listed in every result's gaps.
 */
export function createPythonExecutor(options: PythonExecutorOptions = {}): PythonExecutor {
  const python = resolvePython(options.python);
  if (options.sandbox === "none") {
    warnOnce('sandbox "none": Python scripts run WITHOUT isolation (host files, network, your user)');
    return new PlainExecutor(python);
  }
  const bwrapPath = options.bwrapPath ?? DEFAULT_BWRAP;
  const root = process.getuid?.() === 0;
  const features = probeBwrap(bwrapPath, root);
  requireHelpers(root);
  const uid = root ? dedicatedUid() : 0;
  const identity: SandboxIdentity = root ? { kind: "dedicated", uid, gid: uid } : { kind: "caller" };
  const cgroups = cgroupLayout();
  const memoryCgroup = cgroups !== null && (cgroups.version === 2 || cgroups.memoryParent !== null);
  seccompProgram(python, !memoryCgroup);
  const freshKeyring = keyctlUsable();
  if (!memoryCgroup) warnOnce(`sandbox: ${GAPS.memory}`);
  if (!freshKeyring) warnOnce(`sandbox: ${GAPS.keyring}`);
  return new BwrapExecutor({ python, bwrapPath, features, identity, cgroups, freshKeyring });
}
