import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** How long remove() retries while the cgroup's last processes are being reaped. */
const REMOVE_RETRY_MS = 2000;

let counter = 0;

/** A per-run pids cgroup: the process-count limit for callers running as root. */
export interface PidsCgroup {
  /** The cgroup.procs file a process writes its pid to in order to join. */
  readonly procsFile: string;
  /** SIGKILLs every process in the cgroup. */
  killAll(): void;
  /** True when the kernel refused a fork because pids.max was reached. */
  limitHit(): boolean;
  /** Removes the cgroup once it is empty (best effort). */
  remove(): Promise<void>;
}

/**
 * Finds a writable pids cgroup directory below which per-run cgroups can be made
 * (cgroup v1 "pids" hierarchy or cgroup v2 with the pids controller), or null.
 * Root callers need it: RLIMIT_NPROC is not enforced for uid 0, which a user
 * namespace created by root maps to.
 */
export function findPidsCgroupParent(): string | null {
  for (const parent of cgroupCandidates()) {
    try {
      rmdirSync(join(createPidsCgroup(parent, 1).procsFile, ".."));
      removeStale(parent);
      return parent;
    } catch {
      // not writable here: try the next hierarchy
    }
  }
  return null;
}

/** Creates a fresh cgroup below parent allowing at most maxProcesses tasks; throws when impossible. */
export function createPidsCgroup(parent: string, maxProcesses: number): PidsCgroup {
  counter += 1;
  const dir = join(parent, `linguacodus-${process.pid}-${counter}`);
  mkdirSync(dir);
  try {
    if (!existsSync(join(dir, "pids.max"))) writeFileSync(join(parent, "cgroup.subtree_control"), "+pids");
    writeFileSync(join(dir, "pids.max"), String(maxProcesses));
  } catch (error) {
    rmdirSync(dir);
    throw error;
  }
  return {
    procsFile: join(dir, "cgroup.procs"),
    killAll: () => killCgroup(dir),
    limitHit: () => {
      const refused = /\bmax (\d+)/.exec(readOr(join(dir, "pids.events"), ""));
      return refused !== null && refused[1] !== "0";
    },
    remove: () => removeWhenEmpty(dir),
  };
}

/** Pids-cgroup directories this process sits in, v1 first, then v2. */
function cgroupCandidates(): string[] {
  const lines = readOr("/proc/self/cgroup", "").split("\n");
  const found: string[] = [];
  for (const line of lines) {
    const [id, controllers, path] = line.split(":");
    if (path === undefined) continue;
    if (controllers.split(",").includes("pids")) found.unshift(join("/sys/fs/cgroup/pids", path));
    else if (id === "0" && controllers === "" && existsSync("/sys/fs/cgroup/cgroup.controllers")) {
      found.push(join("/sys/fs/cgroup", path));
    }
  }
  return found;
}

/** Removes empty per-run cgroups left behind by processes that died mid-run (e.g. killed by a signal). */
function removeStale(parent: string): void {
  for (const name of readdirSync(parent)) {
    const owner = /^linguacodus-(\d+)-\d+$/.exec(name)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    try {
      rmdirSync(join(parent, name));
    } catch {
      // still has processes: leave it
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function killCgroup(dir: string): void {
  if (existsSync(join(dir, "cgroup.kill"))) {
    writeOr(join(dir, "cgroup.kill"), "1");
    return;
  }
  for (const pid of readOr(join(dir, "cgroup.procs"), "").split("\n").filter(Boolean)) {
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function removeWhenEmpty(dir: string): Promise<void> {
  const deadline = Date.now() + REMOVE_RETRY_MS;
  while (existsSync(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      if (Date.now() > deadline) return;
      killCgroup(dir);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

function writeOr(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch {
    // the cgroup vanished meanwhile
  }
}
