import { dirname, join } from "node:path";

/** Uid and gid the script has inside the sandbox's user namespace when the caller is not root. */
export const SANDBOX_ID = "65534";

/** util-linux setpriv: drops to the sandbox uid/gid (no groups, no capabilities) and execs the rest. */
export const SETPRIV = "/usr/bin/setpriv";

/** Size of the read-only tmpfs that holds the task's entries at ./input. */
const INPUT_TMPFS_BYTES = 1024 * 1024;

/** Optional bubblewrap flags, present only in newer releases. */
export interface BwrapFeatures {
  /** --disable-userns (bubblewrap 0.8+): no nested user namespaces inside the sandbox. */
  disableUserns: boolean;
  /** --size for --tmpfs (bubblewrap 0.8+): caps the private /tmp. */
  tmpfsSize: boolean;
}

/**
 * Who the script is on the host: a dedicated unprivileged uid/gid (root callers: bubblewrap
 * runs as root without a user namespace and setpriv drops to it), or the caller's own uid
 * behind a user namespace (normal users).
 */
export type SandboxIdentity = { kind: "dedicated"; uid: number; gid: number } | { kind: "caller" };

/** One top-level entry of the task directory at ./input: a read-only bind, or a symlink recreated as it is. */
export type InputEntry = { name: string; source: string } | { name: string; symlink: string };

/** How the task's files appear at ./input: the directory bound as a whole, or entry by entry on a read-only tmpfs. */
export type InputMounts = { kind: "directory"; path: string } | { kind: "entries"; entries: InputEntry[] };

/** Everything that decides the sandbox's command line. */
export interface BwrapPlan {
  /** Read-only system mounts and symlinks (see systemMounts in host-layout.ts). */
  systemMounts: string[];
  /** Real path of the work directory: bound read-write at the same path, and the cwd. */
  workDir: string;
  /** The task's files at workDir/input, or null. */
  input: InputMounts | null;
  /** Read-only mounts of the targets of the task directory's symlinks (see linkedTaskMounts), after /tmp. */
  taskLinkMounts?: string[];
  /** Size of the private /tmp and of the private /dev/shm, each, in bytes. */
  tmpBytes: number;
  /** The script's complete environment. */
  env: Record<string, string>;
  /** Optional flags this bubblewrap supports. */
  features: BwrapFeatures;
  /** Who the script runs as. */
  identity: SandboxIdentity;
  /** Descriptor bubblewrap reads the seccomp BPF program from. */
  seccompFd: number;
  /** Descriptor bubblewrap writes its JSON status to (the sandbox's host pid, the exit code). */
  statusFd: number;
  /** The command run inside (rlimits, interpreter and its arguments). */
  command: string[];
}

/**
 * The bubblewrap arguments: new pid, network, ipc, uts and cgroup namespaces, cleared
 * environment, read-only system and /proc/sys, only workDir and a private, size-capped /tmp
 * and /dev/shm writable, the seccomp filter on the command, the whole tree killed when bwrap
 * or its parent dies. Root callers run the script as the dedicated uid; normal users as uid
 * 65534 of a user namespace, the script itself pid 1 (no helper process inside to attack).
 */
export function bwrapArgs(plan: BwrapPlan): string[] {
  const args = namespaceArgs(plan);
  args.push("--hostname", "sandbox", "--die-with-parent", "--new-session", "--clearenv");
  for (const [name, value] of Object.entries(plan.env)) args.push("--setenv", name, value);
  args.push(...plan.systemMounts, "--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys", "--dev", "/dev");
  args.push(...privateTmpfs("/dev/shm", plan), ...privateTmpfs("/tmp", plan), ...(plan.taskLinkMounts ?? []));
  // Searchable parents for the work directory (bubblewrap 0.8 makes implicit parents 0700, closed to the dedicated uid).
  args.push("--perms", "0755", "--dir", dirname(plan.workDir), "--bind", plan.workDir, plan.workDir);
  if (plan.input !== null) args.push(...inputArgs(join(plan.workDir, "input"), plan.input, plan.features));
  args.push("--remount-ro", "/dev", "--remount-ro", "/");
  args.push("--seccomp", String(plan.seccompFd), "--json-status-fd", String(plan.statusFd), "--chdir", plan.workDir);
  if (plan.identity.kind === "dedicated") {
    const { uid, gid } = plan.identity;
    args.push(SETPRIV, `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--");
  }
  args.push(...plan.command);
  return args;
}

function namespaceArgs(plan: BwrapPlan): string[] {
  if (plan.identity.kind === "dedicated") {
    return [
      ...["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"],
      // Kept only until setpriv drops to the dedicated uid: search any path to bind and chdir, then become that uid.
      ...["--cap-drop", "ALL", "--cap-add", "CAP_DAC_READ_SEARCH", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"],
      ...["--cap-add", "CAP_SETPCAP"],
    ];
  }
  const args = ["--unshare-all", "--unshare-user", "--uid", SANDBOX_ID, "--gid", SANDBOX_ID, "--as-pid-1"];
  if (plan.features.disableUserns) args.push("--disable-userns");
  return args;
}

function inputArgs(input: string, mounts: InputMounts, features: BwrapFeatures): string[] {
  if (mounts.kind === "directory") return ["--ro-bind", mounts.path, input];
  const size = features.tmpfsSize ? ["--size", String(INPUT_TMPFS_BYTES)] : [];
  const args = ["--perms", "0755", ...size, "--tmpfs", input];
  for (const entry of mounts.entries) {
    if ("symlink" in entry) args.push("--symlink", entry.symlink, join(input, entry.name));
    else args.push("--ro-bind", entry.source, join(input, entry.name));
  }
  args.push("--remount-ro", input);
  return args;
}

/** A world-writable (sticky) tmpfs at path, capped at plan.tmpBytes where bwrap supports --size. */
function privateTmpfs(path: string, plan: BwrapPlan): string[] {
  const size = plan.features.tmpfsSize ? ["--size", String(plan.tmpBytes)] : [];
  return ["--perms", "1777", ...size, "--tmpfs", path];
}
