/**
 * A full disk through the real CLI: a run directory on a small tmpfs this test mounts (as root;
 * skipped with a message where mounting is impossible). The run stops with a clear error, no
 * stack trace, no empty or partial artifact; with space again it resumes to a valid submission.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeArtifact } from "../../src/run/artifacts.js";
import { DiskFullError } from "../../src/run/disk-errors.js";
import { runCli } from "../helpers/cli.js";
import { tempDirs, writeFiles } from "../helpers/fakes.js";
import { binaryLabel, plainFiles, split } from "../helpers/odd-tasks.js";

const dirs = tempDirs();
const mountPoint = join(dirs.make("lc-disk-"), "small");
mkdirSync(mountPoint);
const mounted = process.getuid?.() === 0 && spawnSync("mount", ["-t", "tmpfs", "-o", "size=600k", "tmpfs", mountPoint]).status === 0;
if (!mounted) console.warn("skipping the disk-full tests: mounting a tmpfs needs root (and CAP_SYS_ADMIN)");

afterAll(() => {
  if (mounted) spawnSync("umount", [mountPoint]);
  rmdirSync(mountPoint);
  dirs.cleanup();
});

/** Every file under a directory, with its size. */
function files(dir: string): Array<{ path: string; size: number }> {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => ({ path: name, stat: statSync(join(dir, name)) }))
    .filter((f) => f.stat.isFile())
    .map((f) => ({ path: f.path, size: f.stat.size }));
}

describe.skipIf(!mounted)("a full disk", { timeout: 600_000 }, () => {
  it("writeArtifact: a DiskFullError, and neither the artifact nor its temporary file is left", async () => {
    const dir = join(mountPoint, "artifacts");
    writeFileSync(join(mountPoint, "filler"), Buffer.alloc(300 * 1024));
    const error = await writeArtifact(dir, "big.bin", Buffer.alloc(400 * 1024)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as Error).message).toBe(`disk full (ENOSPC) while writing big.bin in ${dir}: free some space, then resume`);
    expect(readdirSync(dir)).toEqual([]);
    execFileSync("rm", ["-rf", dir, join(mountPoint, "filler")]);
  });

  it("solve stops with a clear error and no empty artifact; with space again, resume finishes it", async () => {
    const root = dirs.make("lc-disk-task-");
    writeFiles(join(root, "task"), plainFiles(split(binaryLabel)));
    const runDir = join(mountPoint, "run");
    const result = await runCli(["solve", join(root, "task"), "--out", runDir, "--engine", "offline"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      // an artifact (ENOSPC) or the checkpoint database (SQLITE_FULL) meets the full disk first
      new RegExp(`The run stopped: disk full \\((ENOSPC|SQLITE_FULL)\\) while writing .+ in ${runDir}: free some space, then resume\\n`),
    );
    expect(result.stderr).toContain(`continue with: linguacodus resume ${runDir}\n`);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at /m);
    expect(files(runDir).filter((f) => f.size === 0 || f.path.endsWith(".tmp"))).toEqual([]);

    execFileSync("mount", ["-o", "remount,size=64m", mountPoint]);
    const resumed = await runCli(["resume", runDir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^status: {6}succeeded$/m);
    expect(files(runDir).filter((f) => f.size === 0 && !f.path.startsWith("exec/"))).toEqual([]);
  });
});
