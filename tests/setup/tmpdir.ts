/**
 * Vitest global setup: every test (and every process a test starts) gets its temporary files under
 * one directory of this run, removed at the end, so the suite leaves nothing in /tmp. Whatever a
 * test left there is named on stderr first, so a leak is seen and fixed at its source.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "linguacodus-tests-"));
  chmodSync(root, 0o1777); // like /tmp: sandboxed scripts run as an unprivileged uid
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root);
    if (left.length) process.stderr.write(`tests left ${left.length} temporary entries (removed): ${left.slice(0, 10).join(", ")}\n`);
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
