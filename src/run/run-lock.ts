import { unlinkSync } from "node:fs";
import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { diskFullError } from "./disk-errors.js";

/** The lock file a solve or resume holds in its run directory. */
export const RUN_LOCK = "run.lock";

/** An empty lock file younger than this is being written by its holder, not left by a killed one. */
const FRESH_MS = 10_000;

/** Another process runs in the directory. */
export class RunLockedError extends Error {
  override readonly name = "RunLockedError";
}

/** What run.lock holds. */
interface LockOwner {
  /** Process id of the holder. */
  pid: number;
  /** Host the holder runs on. */
  host: string;
  /** ISO time it took the lock. */
  since: string;
}

/** Whether a process with this id runs on this host. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock's holder, or null when the file is empty or unreadable (a holder killed while writing it). */
async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(path, "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number" && typeof owner.host === "string"
      ? { pid: owner.pid, host: owner.host, since: String(owner.since) }
      : null;
  } catch {
    return null;
  }
}

/**
 * Takes the run directory's lock (run.lock, created exclusively) for this process, or throws
 * RunLockedError naming the live process that holds it. A lock left by a process that is gone
 * (killed) is taken over. Returns the release function; the lock is also removed at exit.
 */
export async function lockRunDir(runDir: string): Promise<() => Promise<void>> {
  const path = join(runDir, RUN_LOCK);
  const mine: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  await mkdir(runDir, { recursive: true }).catch((error: unknown) => {
    throw diskFullError(error, runDir);
  });
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(JSON.stringify(mine) + "\n");
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        await unlink(path).catch(() => undefined);
        throw diskFullError(error, `${RUN_LOCK} in ${runDir}`);
      }
      const owner = await readOwner(path);
      const fresh = owner === null && Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? 0) < FRESH_MS;
      const held = fresh || (owner !== null && (owner.host !== mine.host || alive(owner.pid)));
      if (held || attempt > 0) {
        const who = owner ? `process ${owner.pid} on ${owner.host}, since ${owner.since}` : "another process";
        throw new RunLockedError(
          `${runDir} is in use by another linguacodus run (${who}): wait for it to end or stop it; if none runs, delete ${path}`,
        );
      }
      await unlink(path).catch(() => undefined); // left by a process that is gone
    }
  }
  const atExit = () => {
    try {
      unlinkSync(path);
    } catch {
      // already released
    }
  };
  process.once("exit", atExit);
  return async () => {
    process.removeListener("exit", atExit);
    const owner = await readOwner(path);
    if (owner?.pid === mine.pid && owner.host === mine.host) await unlink(path).catch(() => undefined);
  };
}
