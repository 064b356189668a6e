import { copyFile, lstat, mkdir, readdir, realpath, symlink, unlink } from "node:fs/promises";
import { join } from "node:path";
import { SCRIPT_NAME } from "./launcher.js";

/** Top-level entries of the work directory that are not outputs of the script. */
const NOT_OUTPUTS = new Set(["input", SCRIPT_NAME]);

/** Most output files listed; a script creating more gets only the first ones listed. */
const MAX_LISTED_FILES = 10_000;

/** Creates the work directory, copies the script in as solution.py, and returns the directory's real path. */
export async function prepareWorkDir(scriptPath: string, workDir: string): Promise<string> {
  await mkdir(workDir, { recursive: true });
  const realWorkDir = await realpath(workDir);
  await copyFile(scriptPath, join(realWorkDir, SCRIPT_NAME));
  return realWorkDir;
}

/**
 * Makes workDir/input ready for the task directory: a symlink to it (plain runs) or
 * an empty directory to mount it on (sandboxed runs). A stale symlink is replaced.
 */
export async function prepareInput(workDir: string, taskDir: string, how: "symlink" | "mountpoint"): Promise<void> {
  const input = join(workDir, "input");
  const existing = await lstat(input).catch(() => null);
  if (existing?.isSymbolicLink()) await unlink(input);
  if (how === "symlink") await symlink(taskDir, input);
  else await mkdir(input, { recursive: true });
}

/**
 * Lists the regular files a run left in its work directory (relative paths, sorted),
 * and deletes every symlink, FIFO or socket it planted there, so that a caller reading
 * "submission.csv" afterwards can never be redirected to a host file or block on a pipe.
 */
export async function collectOutputs(workDir: string): Promise<string[]> {
  const files: string[] = [];
  await walk(workDir, "", files);
  return files.sort();
}

async function walk(root: string, relative: string, files: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(join(root, relative), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (relative === "" && NOT_OUTPUTS.has(entry.name)) continue;
    const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      await walk(root, path, files);
    } else if (entry.isFile()) {
      if (files.length < MAX_LISTED_FILES) files.push(path);
    } else {
      await unlink(join(root, path)).catch(() => undefined);
    }
  }
}
