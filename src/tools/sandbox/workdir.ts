import { closeSync, constants, lchownSync, lstatSync } from "node:fs";
import { copyFile, lstat, mkdir, readdir, readlink, realpath, symlink } from "node:fs/promises";
import { join } from "node:path";
import type { InputEntry, InputMounts } from "./bwrap-args.js";
import { openDirectory } from "./fd-path.js";
import { removeEntry } from "./remove-entry.js";
import { SCRIPT_NAME } from "./script-name.js";

/** Most top-level task entries bound one by one at ./input; a larger task directory is bound as a whole. */
const MAX_INPUT_ENTRIES = 256;

/** Host uid and gid that should own the work directory (the sandbox's dedicated uid), or null for the caller. */
export type WorkDirOwner = { uid: number; gid: number } | null;

/**
 * Creates the work directory and copies the script in as solution.py; returns the directory's
 * real path. Whatever a previous run left at solution.py (a symlink to a host file, a FIFO, a
 * directory) is removed first and the copy is created exclusively, so it can never be
 * redirected. With an owner, the directory is handed to that uid/gid.
 */
export async function prepareWorkDir(scriptPath: string, workDir: string, owner: WorkDirOwner): Promise<string> {
  await mkdir(workDir, { recursive: true });
  const realWorkDir = await realpath(workDir);
  const fd = openDirectory(realWorkDir);
  try {
    const name = Buffer.from(SCRIPT_NAME);
    if (lstatOrNull(join(realWorkDir, SCRIPT_NAME)) !== null) removeEntry(fd, name);
    if (owner !== null) lchownSync(realWorkDir, owner.uid, owner.gid);
  } finally {
    closeSync(fd);
  }
  await copyFile(scriptPath, join(realWorkDir, SCRIPT_NAME), constants.COPYFILE_EXCL);
  return realWorkDir;
}

/**
 * Makes workDir/input ready for the task directory: a symlink to it (plain runs) or an empty
 * directory to mount on (sandboxed runs). Anything else a previous run left there is removed.
 */
export async function prepareInput(workDir: string, taskDir: string, how: "symlink" | "mountpoint"): Promise<void> {
  const input = join(workDir, "input");
  const existing = await lstat(input).catch(() => null);
  if (existing !== null && !(how === "mountpoint" && existing.isDirectory())) {
    const fd = openDirectory(workDir);
    try {
      removeEntry(fd, Buffer.from("input"));
    } finally {
      closeSync(fd);
    }
  }
  if (how === "symlink") await symlink(taskDir, input);
  else await mkdir(input, { recursive: true });
}

/**
 * How the task directory appears at ./input: entry by entry (so a private 0700 task directory
 * still works for the dedicated uid; symlinks are recreated, never followed on the host), or
 * as a whole when it has more than 256 entries or names that are not UTF-8.
 */
export async function inputMounts(taskDir: string): Promise<InputMounts> {
  const raw = await readdir(taskDir, { encoding: "buffer" });
  const names = raw.map((name) => name.toString("utf8"));
  const textual = names.every((name, index) => Buffer.from(name).equals(raw[index]));
  if (!textual || names.length > MAX_INPUT_ENTRIES) return { kind: "directory", path: taskDir };
  const entries: InputEntry[] = [];
  for (const name of names.sort()) {
    const path = join(taskDir, name);
    const stat = await lstat(path);
    if (stat.isSymbolicLink()) entries.push({ name, symlink: await readlink(path) });
    else if (stat.isFile() || stat.isDirectory()) entries.push({ name, source: path });
  }
  return { kind: "entries", entries };
}

function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
