import { constants, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";

const MIB = 1024 * 1024;

/** A submission may always be this big, whatever the reference. */
const SUBMISSION_FLOOR_BYTES = 16 * MIB;

/** A submission may be this many times the size of the task's sample submission (or test file). */
const SUBMISSION_FACTOR = 16;

/** No submission is read beyond this: far below what parsing it would cost the host's heap. */
const SUBMISSION_CEILING_BYTES = 256 * MIB;

/**
 * The largest submission.csv the host reads: 16 times the reference file (the sample
 * submission, else the test file), at least 16 MiB, at most 256 MiB.
 */
export async function submissionByteCap(referencePath: string | null): Promise<number> {
  const reference = referencePath === null ? 0 : ((await stat(referencePath).catch(() => null))?.size ?? 0);
  return Math.min(SUBMISSION_CEILING_BYTES, Math.max(SUBMISSION_FLOOR_BYTES, SUBMISSION_FACTOR * reference));
}

/**
 * Why a file a run left cannot be read safely, as one sentence for the fixing model, or null
 * when it is a regular file of at most maxBytes or does not exist (the reader reports that).
 * It is opened without following a symlink and without blocking on a FIFO, then checked on
 * the open descriptor, so the answer is about the file itself.
 */
export async function outputFileProblem(path: string, maxBytes: number): Promise<string | null> {
  const name = basename(path);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ELOOP") return `${name} is a symbolic link, not a file: write the submission itself`;
    return `${name} cannot be opened (${code ?? (error as Error).message})`;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return `${name} is ${kindOf(info)}, not a regular file: write the submission as a CSV file`;
    if (info.size > maxBytes) {
      return `${name} is ${(info.size / MIB).toFixed(1)} MiB, more than the ${(maxBytes / MIB).toFixed(0)} MiB allowed for this task; write one row per test id`;
    }
    return null;
  } finally {
    await handle.close();
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a FIFO";
  if (info.isSocket()) return "a socket";
  return "a device";
}
