import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import type { BwrapFeatures } from "./bwrap-args.js";

/** How long the start-up probe may take. */
const PROBE_TIMEOUT_MS = 10_000;

/** Raised when no sandbox can be created; the executor fails closed instead of running unisolated. */
export class SandboxUnavailableError extends Error {
  override readonly name = "SandboxUnavailableError";
}

const HOW_TO_FIX =
  "Install bubblewrap (apt-get install bubblewrap) on a Linux host with user namespaces, " +
  'or pass --unsafe-no-sandbox (sandbox: "none") to run scripts WITHOUT isolation.';

/** Successful probes by bwrap path and caller kind, so that creating an executor per run costs nothing after the first. */
const probed = new Map<string, BwrapFeatures>();

/** Namespace flags of a trial sandbox: root callers get no user namespace (the script drops to a dedicated uid). */
const TRIAL_NAMESPACES = {
  root: ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--cap-drop", "ALL"],
  user: ["--unshare-all", "--unshare-user", "--as-pid-1"],
};

/**
 * Checks that bubblewrap exists and can really create the namespaces the executor
 * uses (root: without a user namespace; others: with one), and reads which optional
 * flags it supports; throws SandboxUnavailableError otherwise.
 */
export function probeBwrap(bwrapPath: string, root: boolean): BwrapFeatures {
  const key = `${bwrapPath}\0${root}`;
  const known = probed.get(key);
  if (known) return known;
  const features = probeOnce(bwrapPath, root);
  probed.set(key, features);
  return features;
}

function probeOnce(bwrapPath: string, root: boolean): BwrapFeatures {
  try {
    accessSync(bwrapPath, constants.X_OK);
  } catch {
    throw new SandboxUnavailableError(`bubblewrap not found at ${bwrapPath}. ${HOW_TO_FIX}`);
  }
  const help = spawnSync(bwrapPath, ["--help"], { encoding: "utf8", timeout: PROBE_TIMEOUT_MS });
  const namespaces = root ? TRIAL_NAMESPACES.root : TRIAL_NAMESPACES.user;
  const trial = spawnSync(bwrapPath, [...namespaces, "--die-with-parent", "--ro-bind", "/", "/", "true"], {
    encoding: "utf8",
    timeout: PROBE_TIMEOUT_MS,
  });
  if (trial.status !== 0) {
    const reason = (trial.stderr || trial.error?.message || `exit ${trial.status}`).trim();
    throw new SandboxUnavailableError(
      `bubblewrap at ${bwrapPath} cannot create a sandbox here (${reason}); user namespaces may be disabled ` +
        `(unprivileged container, kernel.unprivileged_userns_clone=0, AppArmor userns restriction). ${HOW_TO_FIX}`,
    );
  }
  return {
    disableUserns: help.stdout.includes("--disable-userns"),
    tmpfsSize: help.stdout.includes("--size"),
  };
}
