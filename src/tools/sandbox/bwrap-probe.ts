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

/** Successful probes by bwrap path, so that creating an executor per run costs nothing after the first. */
const probed = new Map<string, BwrapFeatures>();

/**
 * Checks that bubblewrap exists and can really create the namespaces the executor
 * uses, and reads which optional flags it supports; throws SandboxUnavailableError otherwise.
 */
export function probeBwrap(bwrapPath: string): BwrapFeatures {
  const known = probed.get(bwrapPath);
  if (known) return known;
  const features = probeOnce(bwrapPath);
  probed.set(bwrapPath, features);
  return features;
}

function probeOnce(bwrapPath: string): BwrapFeatures {
  try {
    accessSync(bwrapPath, constants.X_OK);
  } catch {
    throw new SandboxUnavailableError(`bubblewrap not found at ${bwrapPath}. ${HOW_TO_FIX}`);
  }
  const help = spawnSync(bwrapPath, ["--help"], { encoding: "utf8", timeout: PROBE_TIMEOUT_MS });
  const trial = spawnSync(bwrapPath, ["--unshare-all", "--unshare-user", "--die-with-parent", "--ro-bind", "/", "/", "true"], {
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
