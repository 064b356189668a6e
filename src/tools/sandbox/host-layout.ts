import { lstatSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import { dirname } from "node:path";

/** Top-level system directories mirrored into the sandbox (as symlinks on merged-/usr hosts). */
const TOP_LEVEL = ["bin", "sbin", "lib", "lib64", "lib32", "libx32"];

/**
 * The few /etc entries Python, numpy (BLAS alternatives), pandas (time zones) and
 * matplotlib need. Deliberately not /etc as a whole: no shadow, passwd, ssh, hosts.
 */
const ETC_ALLOWLIST = [
  "alternatives",
  "ld.so.cache",
  "ld.so.conf",
  "ld.so.conf.d",
  "localtime",
  "timezone",
  "os-release",
  "matplotlibrc",
  "fonts",
];

/** Read-only system mounts for bwrap: /usr, the top-level lib/bin entries, allowed /etc entries, the interpreter. */
export function systemMounts(python: string): string[] {
  const args = ["--ro-bind", "/usr", "/usr"];
  for (const name of TOP_LEVEL) {
    const path = `/${name}`;
    const stat = lstatOrNull(path);
    if (stat?.isSymbolicLink()) args.push("--symlink", readlinkSync(path), path);
    else if (stat?.isDirectory()) args.push("--ro-bind", path, path);
  }
  // Parents are made explicitly 0755: bubblewrap 0.8 makes implicit ones 0700, closed to the sandbox's dedicated uid.
  args.push("--perms", "0755", "--dir", "/etc");
  const etcNames = [...ETC_ALLOWLIST, ...readdirSync("/etc").filter((name) => /^python3(\.\d+)?$/.test(name))];
  for (const name of etcNames) args.push("--ro-bind-try", `/etc/${name}`, `/etc/${name}`);
  for (const prefix of interpreterPrefixes(python)) args.push("--perms", "0755", "--dir", dirname(prefix), "--ro-bind", prefix, prefix);
  return args;
}

/**
 * Installation prefixes to expose for an interpreter living outside /usr (a venv
 * and its base interpreter, e.g. /opt/py/bin/python3 -> /opt/py), else none.
 * Throws when a prefix would be a top-level directory such as / or /root.
 */
export function interpreterPrefixes(python: string): string[] {
  const prefixes = new Set<string>();
  for (const path of [python, realpathSync(python)]) {
    const top = path.split("/")[1];
    if (top === "usr" || TOP_LEVEL.includes(top)) continue;
    const prefix = dirname(dirname(path));
    if (prefix.split("/").filter(Boolean).length < 2) {
      throw new Error(`refusing to expose ${prefix} to the sandbox for interpreter ${python}; install it under /usr or a deeper prefix`);
    }
    prefixes.add(prefix);
  }
  return [...prefixes];
}

function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * Read-only mounts that make the task directory's top-level symlinks resolve inside the sandbox:
 * each link's target (a file, or a directory two or more levels deep) bound at its own real path.
 * A target inside the task's sibling private/ (a benchmark's answers) is refused.
 */
export function linkedTaskMounts(taskDir: string): string[] {
  const args: string[] = [];
  const privateDir = `${dirname(taskDir)}/private`;
  for (const name of readdirSync(taskDir)) {
    const path = `${taskDir}/${name}`;
    if (!lstatOrNull(path)?.isSymbolicLink()) continue;
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      continue; // a dangling link: the script sees it dangle, as on the host
    }
    if (target === taskDir || target.startsWith(`${taskDir}/`)) continue;
    if (target === privateDir || target.startsWith(`${privateDir}/`)) {
      throw new Error(`refusing to expose ${target} to the sandbox: task file ${name} links into the task's private/ directory`);
    }
    if (lstatOrNull(target)?.isDirectory() && target.split("/").filter(Boolean).length < 2) {
      throw new Error(`refusing to expose ${target} to the sandbox: task file ${name} links to a top-level directory`);
    }
    // Searchable parents (bubblewrap 0.8 makes implicit parents 0700, closed to the dedicated uid).
    const parts = dirname(target).split("/").filter(Boolean);
    for (let i = 1; i <= parts.length; i++) args.push("--perms", "0755", "--dir", `/${parts.slice(0, i).join("/")}`);
    args.push("--ro-bind", target, target);
  }
  return args;
}
