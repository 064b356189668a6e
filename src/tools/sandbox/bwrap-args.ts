import { join } from "node:path";

/** Uid and gid the script has inside the sandbox (the conventional "nobody"). */
export const SANDBOX_ID = "65534";

/** Optional bubblewrap flags, present only in newer releases. */
export interface BwrapFeatures {
  /** --disable-userns (bubblewrap 0.8+): no nested user namespaces inside the sandbox. */
  disableUserns: boolean;
  /** --size for --tmpfs (bubblewrap 0.8+): caps the private /tmp. */
  tmpfsSize: boolean;
}

/** Everything that decides the sandbox's command line. */
export interface BwrapPlan {
  /** Read-only system mounts and symlinks (see systemMounts in host-layout.ts). */
  systemMounts: string[];
  /** Real path of the work directory: bound read-write at the same path, and the cwd. */
  workDir: string;
  /** Real path of the task directory, bound read-only at workDir/input, or null. */
  taskDir: string | null;
  /** Read-only mounts of the targets of the task directory's symlinks (see linkedTaskMounts), after /tmp. */
  taskLinkMounts?: string[];
  /** Size of the private /tmp and of the private /dev/shm, each, in bytes. */
  tmpBytes: number;
  /** The script's complete environment. */
  env: Record<string, string>;
  /** Optional flags this bubblewrap supports. */
  features: BwrapFeatures;
  /** The command run inside (interpreter and its arguments). */
  command: string[];
}

/**
 * The bubblewrap arguments: every namespace unshared (no network, own pids, own
 * uid 65534), cleared environment, read-only system, only workDir and a private,
 * size-capped /tmp and /dev/shm writable, the whole tree killed when bwrap or its parent dies.
 */
export function bwrapArgs(plan: BwrapPlan): string[] {
  const args = ["--unshare-all", "--unshare-user", "--uid", SANDBOX_ID, "--gid", SANDBOX_ID];
  if (plan.features.disableUserns) args.push("--disable-userns");
  args.push("--hostname", "sandbox", "--die-with-parent", "--new-session", "--clearenv");
  for (const [name, value] of Object.entries(plan.env)) args.push("--setenv", name, value);
  args.push(...plan.systemMounts, "--proc", "/proc", "--dev", "/dev");
  args.push(...privateTmpfs("/dev/shm", plan), ...privateTmpfs("/tmp", plan));
  args.push("--bind", plan.workDir, plan.workDir);
  if (plan.taskDir !== null) args.push("--ro-bind", plan.taskDir, join(plan.workDir, "input"), ...(plan.taskLinkMounts ?? []));
  args.push("--remount-ro", "/dev", "--remount-ro", "/", "--chdir", plan.workDir, ...plan.command);
  return args;
}

/** A world-writable (sticky) tmpfs at path, capped at plan.tmpBytes where bwrap supports --size. */
function privateTmpfs(path: string, plan: BwrapPlan): string[] {
  const size = plan.features.tmpfsSize ? ["--size", String(plan.tmpBytes)] : [];
  return ["--perms", "1777", ...size, "--tmpfs", path];
}
