import { closeSync, constants, fstatSync, openSync, opendirSync } from "node:fs";

const PROC_FD = "/proc/self/fd/";

/**
 * The path of `name` inside the directory open as `fd`, through /proc/self/fd: the
 * directory's own path is never resolved again, so a name is found relative to an open
 * descriptor (like openat) whatever its depth, and any byte string is a valid name.
 */
export function atFd(fd: number, name?: Buffer): Buffer {
  const dir = Buffer.from(`${PROC_FD}${fd}`);
  return name === undefined ? dir : Buffer.concat([dir, Buffer.from("/"), name]);
}

/** Opens a directory without following a symlink at its last component; returns the descriptor. */
export function openDirectory(path: string | Buffer): number {
  return openSync(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
}

/** Opens the parent of the directory open as fd and checks it is the directory expected (device and inode). */
export function openParent(fd: number, expected: { dev: number; ino: number }): number {
  const parent = openDirectory(atFd(fd, Buffer.from("..")));
  const stat = fstatSync(parent);
  if (stat.dev !== expected.dev || stat.ino !== expected.ino) {
    closeSync(parent);
    throw new Error("a directory moved while its tree was being swept");
  }
  return parent;
}

/** Dir options for names as raw bytes (Node supports "buffer" here; its typings list only text encodings). */
const RAW_NAMES = { encoding: "buffer" as BufferEncoding };

/** Yields the entry names of the directory open as fd, as raw bytes, reading them in small batches. */
export function* entryNames(fd: number): Generator<Buffer> {
  const dir = opendirSync(atFd(fd), RAW_NAMES);
  try {
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
      const name: unknown = entry.name;
      if (!Buffer.isBuffer(name)) throw new Error("directory entry names were not read as bytes");
      yield name;
    }
  } finally {
    dir.closeSync();
  }
}
