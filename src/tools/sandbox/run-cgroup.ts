import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Where the cgroup v2 (unified) hierarchy is mounted on a pure cgroup v2 host. */
const V2_MOUNT = "/sys/fs/cgroup";

/** How long remove() retries while the cgroup's last processes are being reaped. */
const REMOVE_RETRY_MS = 2000;

/** Prefix of every per-run cgroup's name (followed by the owner's pid and a counter). */
const NAME_PREFIX = "linguacodus-";

let counter = 0;

/** Where per-run cgroups can be created: one cgroup v2 parent, or cgroup v1 memory and pids parents. */
export type CgroupLayout = { version: 2; parent: string } | { version: 1; memoryParent: string | null; pidsParent: string | null };

/** What a per-run cgroup limits. */
export interface CgroupLimits {
  /** memory.max (v2) / memory.limit_in_bytes and memsw (v1), in bytes: memfd, shared memory and tmpfs pages count. */
  memoryBytes: number;
  /** pids.max: processes and threads of the whole run. */
  maxProcesses: number;
}

/** What the kernel recorded about a run in its cgroup. */
export interface CgroupReport {
  /** Peak memory of the run in KiB (all its processes, shared memory and page cache), or null when not kept. */
  peakKb: number | null;
  /** CPU seconds of the whole run, or null when not kept (cgroup v1 without a cpuacct cgroup). */
  cpuSeconds: number | null;
  /** True when the memory limit made the kernel kill a process. */
  oomKilled: boolean;
  /** True when pids.max refused a fork. */
  pidsRefused: boolean;
}

/** A per-run cgroup (one directory on v2, one per controller on v1). */
export interface RunCgroup {
  /** The cgroup.procs files a process writes its pid to in order to join. */
  readonly procsFiles: string[];
  /** True when it limits memory (else only processes). */
  readonly limitsMemory: boolean;
  /** True when it limits processes. */
  readonly limitsProcesses: boolean;
  /** SIGKILLs every process in the cgroup. */
  killAll(): void;
  /** True once no process is left in it. */
  isEmpty(): boolean;
  /** Usage and limit events recorded by the kernel. */
  report(): CgroupReport;
  /** Removes the cgroup once it is empty (best effort, kills stragglers). */
  remove(): Promise<void>;
}

/**
 * Finds where this process may create per-run cgroups with a memory and a pids limit (cgroup v2
 * below its own cgroup, else the cgroup v1 memory and pids hierarchies), probing by really
 * creating one; null when it may create none (a normal user without delegation, a container
 * with a read-only /sys/fs/cgroup). Also removes empty cgroups left by dead owners.
 */
export function findCgroupLayout(): CgroupLayout | null {
  const own = ownCgroups();
  if (own.v2 !== null) {
    for (const parent of v2Parents(own.v2, V2_MOUNT)) {
      if (prepareRunsParent(parent) && probe({ version: 2, parent })) return { version: 2, parent };
    }
  }
  const memoryParent = own.memory !== null && probe({ version: 1, memoryParent: own.memory, pidsParent: null }) ? own.memory : null;
  const pidsParent = own.pids !== null && probe({ version: 1, memoryParent: null, pidsParent: own.pids }) ? own.pids : null;
  return memoryParent === null && pidsParent === null ? null : { version: 1, memoryParent, pidsParent };
}

/** Name of the cgroup v2 directory that holds the per-run cgroups when they cannot go below this process's own cgroup. */
const RUNS_PARENT = "linguacodus-runs";

/**
 * Where per-run cgroup v2 directories may go, best first: this process's own cgroup (which can hand
 * the memory and pids controllers to children only when it is the root cgroup: cgroup v2 lets no
 * other cgroup that holds processes enable them), then a `linguacodus-runs` directory below the
 * nearest ancestor whose `cgroup.subtree_control` already enables both (on a systemd host the root
 * cgroup; for a normal user with a delegated subtree, the delegated slice). `mount` is the cgroup2
 * mount point; `read` reads a control file ("" when absent).
 */
export function v2Parents(own: string, mount: string, read: (file: string) => string = (file) => readOr(file, "")): string[] {
  const parents = [own];
  for (let dir = own.replace(/\/+$/, ""); dir.length > mount.length && dir.startsWith(mount); ) {
    dir = dirname(dir);
    const enabled = read(join(dir, "cgroup.subtree_control")).split(/\s+/);
    if (enabled.includes("memory") && enabled.includes("pids")) {
      parents.push(join(dir, RUNS_PARENT));
      break;
    }
  }
  return parents;
}

/** Makes a `linguacodus-runs` parent exist with memory and pids enabled for its children; other parents are taken as they are. */
function prepareRunsParent(parent: string): boolean {
  if (basename(parent) !== RUNS_PARENT) return true;
  try {
    mkdirSync(parent, { recursive: true });
    writeFileSync(join(parent, "cgroup.subtree_control"), "+memory +pids");
    return true;
  } catch {
    return false;
  }
}

function probe(layout: CgroupLayout): boolean {
  try {
    const cgroup = createRunCgroup(layout, { memoryBytes: 64 * 1024 * 1024, maxProcesses: 1 });
    for (const dir of cgroup.procsFiles.map((file) => join(file, ".."))) {
      rmdirSync(dir);
      removeStale(join(dir, ".."));
    }
    return true;
  } catch {
    return false;
  }
}

/** Creates a fresh cgroup (or pair of v1 cgroups) for one run; throws when impossible. */
export function createRunCgroup(layout: CgroupLayout, limits: CgroupLimits): RunCgroup {
  counter += 1;
  const name = `${NAME_PREFIX}${process.pid}-${counter}`;
  const dirs: string[] = [];
  try {
    if (layout.version === 2) {
      const dir = makeDir(dirs, join(layout.parent, name));
      if (!existsSync(join(dir, "memory.max")) || !existsSync(join(dir, "pids.max"))) {
        writeFileSync(join(layout.parent, "cgroup.subtree_control"), "+memory +pids");
      }
      writeFileSync(join(dir, "memory.max"), String(limits.memoryBytes));
      if (existsSync(join(dir, "memory.swap.max"))) writeFileSync(join(dir, "memory.swap.max"), "0");
      writeFileSync(join(dir, "pids.max"), String(limits.maxProcesses));
      return v2Cgroup(dir);
    }
    const memory = layout.memoryParent === null ? null : makeDir(dirs, join(layout.memoryParent, name));
    if (memory !== null) {
      writeFileSync(join(memory, "memory.limit_in_bytes"), String(limits.memoryBytes));
      const swap = join(memory, "memory.memsw.limit_in_bytes");
      if (existsSync(swap)) writeFileSync(swap, String(limits.memoryBytes));
    }
    const pids = layout.pidsParent === null ? null : makeDir(dirs, join(layout.pidsParent, name));
    if (pids !== null) writeFileSync(join(pids, "pids.max"), String(limits.maxProcesses));
    return v1Cgroup(memory, pids);
  } catch (error) {
    for (const dir of dirs.reverse()) rmdirSync(dir);
    throw error;
  }
}

function makeDir(made: string[], dir: string): string {
  mkdirSync(dir);
  made.push(dir);
  return dir;
}

function v2Cgroup(dir: string): RunCgroup {
  return {
    procsFiles: [join(dir, "cgroup.procs")],
    limitsMemory: true,
    limitsProcesses: true,
    killAll: () => {
      if (existsSync(join(dir, "cgroup.kill"))) writeOr(join(dir, "cgroup.kill"), "1");
      else killListed(join(dir, "cgroup.procs"));
    },
    isEmpty: () => /\bpopulated 0\b/.test(readOr(join(dir, "cgroup.events"), "populated 0")),
    report: () => {
      const peak = numberOr(readOr(join(dir, "memory.peak"), ""));
      const usec = field(readOr(join(dir, "cpu.stat"), ""), "usage_usec");
      return {
        peakKb: peak === null ? null : Math.round(peak / 1024),
        cpuSeconds: usec === null ? null : usec / 1e6,
        oomKilled: (field(readOr(join(dir, "memory.events"), ""), "oom_kill") ?? 0) > 0,
        pidsRefused: (field(readOr(join(dir, "pids.events"), ""), "max") ?? 0) > 0,
      };
    },
    remove: () => removeWhenEmpty([dir], () => writeOr(join(dir, "cgroup.kill"), "1")),
  };
}

function v1Cgroup(memory: string | null, pids: string | null): RunCgroup {
  const dirs = [memory, pids].filter((dir): dir is string => dir !== null);
  const killAll = (): void => {
    for (const dir of dirs) killListed(join(dir, "cgroup.procs"));
  };
  return {
    procsFiles: dirs.map((dir) => join(dir, "cgroup.procs")),
    limitsMemory: memory !== null,
    limitsProcesses: pids !== null,
    killAll,
    isEmpty: () => dirs.every((dir) => readOr(join(dir, "cgroup.procs"), "").trim() === ""),
    report: () => {
      const peak = memory === null ? null : numberOr(readOr(join(memory, "memory.max_usage_in_bytes"), ""));
      return {
        peakKb: peak === null ? null : Math.round(peak / 1024),
        cpuSeconds: null,
        oomKilled: memory !== null && (field(readOr(join(memory, "memory.oom_control"), ""), "oom_kill") ?? 0) > 0,
        pidsRefused: pids !== null && (field(readOr(join(pids, "pids.events"), ""), "max") ?? 0) > 0,
      };
    },
    remove: () => removeWhenEmpty(dirs, killAll),
  };
}

/** The cgroup directories this process sits in: v2 (unified), v1 memory and v1 pids. */
function ownCgroups(): { v2: string | null; memory: string | null; pids: string | null } {
  const own = { v2: null as string | null, memory: null as string | null, pids: null as string | null };
  for (const line of readOr("/proc/self/cgroup", "").split("\n")) {
    const [id, controllers, path] = line.split(":");
    if (path === undefined) continue;
    const names = controllers.split(",");
    if (names.includes("memory")) own.memory = join("/sys/fs/cgroup/memory", path);
    if (names.includes("pids")) own.pids = join("/sys/fs/cgroup/pids", path);
    if (id === "0" && controllers === "" && existsSync(join(V2_MOUNT, "cgroup.controllers"))) own.v2 = join(V2_MOUNT, path);
  }
  return own;
}

/** Removes empty per-run cgroups left behind by processes that died mid-run (e.g. killed by a signal). */
function removeStale(parent: string): void {
  for (const name of readdirSync(parent)) {
    const owner = new RegExp(`^${NAME_PREFIX}(\\d+)-\\d+$`).exec(name)?.[1];
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

function killListed(procsFile: string): void {
  for (const pid of readOr(procsFile, "").split("\n").filter(Boolean)) {
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function removeWhenEmpty(dirs: string[], kill: () => void): Promise<void> {
  const deadline = Date.now() + REMOVE_RETRY_MS;
  for (const dir of dirs) {
    while (existsSync(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        if (Date.now() > deadline) return;
        kill();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  }
}

/** The number after `name ` in a flat-keyed cgroup file ("oom_kill 1"), or null. */
function field(text: string, name: string): number | null {
  const match = new RegExp(`^${name} (\\d+)$`, "m").exec(text);
  return match ? Number(match[1]) : null;
}

function numberOr(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
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
