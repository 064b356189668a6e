import { chmodSync, closeSync, fchmodSync, fstatSync, lstatSync, type Stats, unlinkSync } from "node:fs";
import { atFd, entryNames, openDirectory } from "./fd-path.js";
import { removeEntry } from "./remove-entry.js";
import { SCRIPT_NAME } from "./script-name.js";

/** Directories deeper than this below the work directory are removed with everything in them. */
const MAX_DEPTH = 32;

/** Relative paths longer than this (in bytes) are removed: no ML output needs them, a hostile script may. */
const MAX_PATH_BYTES = 1024;

/** Top-level entry the host makes for the task's files (a mount point or a link). */
const INPUT_NAME = "input";

/** Mode bits a run may not leave behind: setuid, setgid and world-writable. */
const FORBIDDEN_BITS = 0o6002;

/** What a run may leave in its work directory. */
export interface SweepQuota {
  /** Most entries (files, directories, anything). */
  maxFiles: number;
  /** Most disk space of the files, in bytes. */
  maxBytes: number;
}

/** What the sweep found and did. */
export interface SweepResult {
  /** Regular files left by the run (relative paths, sorted); empty when the quota was exceeded. */
  files: string[];
  /** Entries counted (files and directories). */
  entries: number;
  /** Disk space of the files, in bytes. */
  bytes: number;
  /** Entries removed: links, FIFOs, sockets, devices, names that are not UTF-8, too deep or too long. */
  removed: number;
  /** Which quota the run exceeded (then everything it left was removed), or null. */
  overQuota: "files" | "bytes" | null;
}

interface Walk {
  result: SweepResult;
  quota: SweepQuota;
  files: string[];
}

/**
 * Makes a finished run's work directory safe for the host to read: every symlink, FIFO,
 * socket or device is removed (never followed), setuid/setgid/world-writable bits are
 * stripped (the work directory's own included) and the owner can read and remove everything; names that are not UTF-8, trees
 * deeper than 32 levels and paths over 1 KiB are removed. It works through open directory
 * descriptors, so any byte string and any depth is handled. A run that left more entries or
 * bytes than the quota has everything it left removed. Call it only once the sandbox is gone.
 */
export function sweepWorkDir(workDir: string, quota: SweepQuota): SweepResult {
  const walk: Walk = { result: { files: [], entries: 0, bytes: 0, removed: 0, overQuota: null }, quota, files: [] };
  const root = openDirectory(workDir);
  try {
    const mode = fstatSync(root).mode & 0o7777;
    if (((mode | 0o700) & ~FORBIDDEN_BITS) !== mode) fchmodSync(root, (mode | 0o700) & ~FORBIDDEN_BITS);
    walkDirectory(root, "", 0, walk);
    if (walk.result.overQuota !== null) removeOutputs(root, walk.result);
    else walk.result.files = walk.files.sort();
  } finally {
    closeSync(root);
  }
  return walk.result;
}

function walkDirectory(fd: number, relative: string, depth: number, walk: Walk): void {
  const subdirectories: Array<[Buffer, string]> = [];
  for (const name of entryNames(fd)) {
    if (walk.result.overQuota !== null) return;
    const path = visit(fd, name, relative, depth, walk);
    if (path !== null) subdirectories.push([name, path]);
  }
  for (const [name, path] of subdirectories) {
    if (walk.result.overQuota !== null) return;
    const child = openDirectory(atFd(fd, name));
    try {
      walkDirectory(child, path, depth + 1, walk);
    } finally {
      closeSync(child);
    }
  }
}

/** Checks one entry; returns its relative path when it is a directory to walk into. */
function visit(fd: number, name: Buffer, relative: string, depth: number, walk: Walk): string | null {
  const at = atFd(fd, name);
  const stat = lstatSync(at);
  const text = utf8(name);
  if (depth === 0 && (text === SCRIPT_NAME || text === INPUT_NAME)) {
    const expected = text === SCRIPT_NAME ? stat.isFile() : stat.isDirectory();
    if (!expected) walk.result.removed += removeEntry(fd, name);
    return null;
  }
  const path = text === null ? null : relative === "" ? text : `${relative}/${text}`;
  const tooDeep = stat.isDirectory() && depth + 1 >= MAX_DEPTH;
  if (path === null || Buffer.byteLength(path) > MAX_PATH_BYTES || tooDeep || !(stat.isFile() || stat.isDirectory())) {
    walk.result.removed += stat.isDirectory() ? removeEntry(fd, name) : unlinkOne(at);
    return null;
  }
  sanitizeMode(at, stat);
  walk.result.entries += 1;
  if (stat.isFile()) {
    walk.result.bytes += stat.blocks * 512;
    walk.files.push(path);
  }
  if (walk.result.entries > walk.quota.maxFiles) walk.result.overQuota = "files";
  else if (walk.result.bytes > walk.quota.maxBytes) walk.result.overQuota = "bytes";
  return stat.isDirectory() ? path : null;
}

/** Clears setuid, setgid and world-write; gives the owner read and write (and search on directories). */
function sanitizeMode(at: Buffer, stat: Stats): void {
  const mode = stat.mode & 0o7777;
  const wanted = (mode | (stat.isDirectory() ? 0o700 : 0o600)) & ~FORBIDDEN_BITS;
  if (wanted !== mode) chmodSync(at, wanted);
}

/** Removes everything the run left at the top level except the script and the input mount point. */
function removeOutputs(root: number, result: SweepResult): void {
  for (;;) {
    const doomed: Buffer[] = [];
    for (const name of entryNames(root)) {
      const text = utf8(name);
      if (text !== SCRIPT_NAME && text !== INPUT_NAME) doomed.push(name);
      if (doomed.length === 64) break;
    }
    if (doomed.length === 0) return;
    for (const name of doomed) result.removed += removeEntry(root, name);
  }
}

function unlinkOne(at: Buffer): number {
  unlinkSync(at);
  return 1;
}

/** The name as text when it is valid UTF-8 without NUL or "/", else null. */
function utf8(name: Buffer): string | null {
  const text = name.toString("utf8");
  return Buffer.from(text, "utf8").equals(name) ? text : null;
}
