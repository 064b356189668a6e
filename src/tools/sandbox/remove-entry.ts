import { chmodSync, closeSync, fstatSync, lstatSync, rmdirSync, unlinkSync } from "node:fs";
import { atFd, entryNames, openDirectory, openParent } from "./fd-path.js";

/** Names read from a directory per pass while emptying it. */
const BATCH = 64;

/** A directory descended into: its name in its parent, and the parent's identity (to climb back to). */
interface Frame {
  /** Name of the directory inside its parent. */
  name: Buffer;
  /** Device and inode of the parent. */
  parent: { dev: number; ino: number };
}

/**
 * Removes the entry `name` of the directory open as parentFd, whatever it is (a link is
 * removed, never followed) and however deep it goes: it holds one descriptor at a time,
 * climbing back through ".." checked against the directory it came from. Only for trees
 * nothing else changes meanwhile (a finished sandbox's work directory). Returns how many
 * entries were removed.
 */
export function removeEntry(parentFd: number, name: Buffer): number {
  if (!lstatSync(atFd(parentFd, name)).isDirectory()) {
    unlinkSync(atFd(parentFd, name));
    return 1;
  }
  let removed = 0;
  const stack: Frame[] = [];
  let fd = enter(parentFd, name, stack);
  for (;;) {
    const names = readNames(fd);
    if (names.length === 0) {
      const frame = stack.pop() as Frame;
      const up = stack.length === 0 ? parentFd : openParent(fd, frame.parent);
      closeSync(fd);
      rmdirSync(atFd(up, frame.name));
      removed += 1;
      if (stack.length === 0) return removed;
      fd = up;
      continue;
    }
    for (const child of names) {
      if (lstatSync(atFd(fd, child)).isDirectory()) {
        const next = enter(fd, child, stack);
        closeSync(fd);
        fd = next;
        break;
      }
      unlinkSync(atFd(fd, child));
      removed += 1;
    }
  }
}

/** Makes the directory `name` (inside fd) usable by its owner, opens it and records the way back. */
function enter(fd: number, name: Buffer, stack: Frame[]): number {
  const path = atFd(fd, name);
  if ((lstatSync(path).mode & 0o700) !== 0o700) chmodSync(path, 0o700);
  const parent = fstatSync(fd);
  const child = openDirectory(path);
  stack.push({ name, parent: { dev: parent.dev, ino: parent.ino } });
  return child;
}

function readNames(fd: number): Buffer[] {
  const names: Buffer[] = [];
  for (const name of entryNames(fd)) {
    names.push(name);
    if (names.length === BATCH) break;
  }
  return names;
}
