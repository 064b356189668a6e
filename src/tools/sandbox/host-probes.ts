import { spawnSync } from "node:child_process";
import { accessSync, constants, lchownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SETPRIV } from "./bwrap-args.js";
import { KEYCTL } from "./bwrap-executor.js";
import { SandboxUnavailableError } from "./bwrap-probe.js";
import { PRLIMIT } from "./rlimits.js";
import { type CgroupLayout, findCgroupLayout } from "./run-cgroup.js";

/** The dedicated host uid (and gid) scripts run as when the caller is root, unless LINGUACODUS_SANDBOX_UID names another. */
export const DEFAULT_SANDBOX_UID = 65_000;

/** Results of the probes below, once per process (creating an executor per run costs nothing after the first). */
const cache = new Map<string, unknown>();

function once<T>(key: string, probe: () => T): T {
  if (!cache.has(key)) cache.set(key, probe());
  return cache.get(key) as T;
}

/** Where per-run cgroups can be created by this process, or null (probed once). */
export function cgroupLayout(): CgroupLayout | null {
  return once("cgroups", findCgroupLayout);
}

/** True when keyctl exists and may create a session keyring here (Docker's default seccomp profile forbids it). */
export function keyctlUsable(): boolean {
  return once("keyctl", () => spawnSync(KEYCTL, ["session", "-", "/bin/true"], { stdio: "ignore", timeout: 10_000 }).status === 0);
}

/** Checks the util-linux helpers every sandbox needs (prlimit; setpriv for root callers). */
export function requireHelpers(dedicated: boolean): void {
  for (const helper of dedicated ? [PRLIMIT, SETPRIV] : [PRLIMIT]) {
    try {
      accessSync(helper, constants.X_OK);
    } catch {
      throw new SandboxUnavailableError(`${helper} (util-linux) is missing; the sandbox needs it. Install util-linux.`);
    }
  }
}

/**
 * The dedicated uid for root callers: LINGUACODUS_SANDBOX_UID or 65000; it must not be 0 and
 * files must be givable to it here (in a container whose user namespace does not map it, the
 * sandbox fails closed with a message naming the variable).
 */
export function dedicatedUid(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LINGUACODUS_SANDBOX_UID;
  const uid = raw === undefined || raw === "" ? DEFAULT_SANDBOX_UID : Number(raw);
  if (!Number.isInteger(uid) || uid <= 0 || uid >= 4_294_967_295) {
    throw new SandboxUnavailableError(`LINGUACODUS_SANDBOX_UID must be a uid above 0, got "${raw}"`);
  }
  once(`chown-${uid}`, () => {
    const probe = mkdtempSync(join(tmpdir(), "linguacodus-uid-"));
    try {
      lchownSync(probe, uid, uid);
    } catch (error) {
      throw new SandboxUnavailableError(
        `cannot give files to the sandbox uid ${uid} here (${(error as Error).message}); set LINGUACODUS_SANDBOX_UID to an ` +
          "unused uid this system maps, or run as a normal user",
      );
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
    return true;
  });
  return uid;
}
