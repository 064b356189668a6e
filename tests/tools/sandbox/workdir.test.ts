import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectOutputs, prepareInput, prepareWorkDir } from "../../../src/tools/sandbox/workdir.js";

const scratch = mkdtempSync(join(tmpdir(), "linguacodus-workdir-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("prepareWorkDir / prepareInput", () => {
  it("creates the directory and copies the script in as solution.py", async () => {
    const script = join(scratch, "my-script.py");
    writeFileSync(script, "print(1)\n");
    const workDir = await prepareWorkDir(script, join(scratch, "a", "b"));
    expect(readFileSync(join(workDir, "solution.py"), "utf8")).toBe("print(1)\n");
  });

  it("links or makes the input mount point, replacing a stale link", async () => {
    const workDir = join(scratch, "input-case");
    mkdirSync(workDir);
    await prepareInput(workDir, "/some/task", "symlink");
    expect(readlinkSync(join(workDir, "input"))).toBe("/some/task");
    await prepareInput(workDir, "/some/task", "mountpoint");
    expect(lstatSync(join(workDir, "input")).isDirectory()).toBe(true);
  });
});

describe("collectOutputs", () => {
  it("lists regular files, skips input/ and solution.py, and deletes planted symlinks and FIFOs", async () => {
    const workDir = join(scratch, "outputs");
    mkdirSync(join(workDir, "input"), { recursive: true });
    mkdirSync(join(workDir, "models", "deep"), { recursive: true });
    writeFileSync(join(workDir, "input", "train.csv"), "");
    writeFileSync(join(workDir, "solution.py"), "");
    writeFileSync(join(workDir, "submission.csv"), "id\n");
    writeFileSync(join(workDir, "models", "deep", "m.bin"), "");
    symlinkSync("/etc/passwd", join(workDir, "looks-like-output.csv"));
    symlinkSync("/etc/passwd", join(workDir, "models", "link"));
    expect(spawnSync("mkfifo", [join(workDir, "pipe.csv")]).status).toBe(0);
    expect(await collectOutputs(workDir)).toEqual(["models/deep/m.bin", "submission.csv"]);
    expect(existsSync(join(workDir, "pipe.csv"))).toBe(false);
    expect(() => lstatSync(join(workDir, "looks-like-output.csv"))).toThrow();
    expect(() => lstatSync(join(workDir, "models", "link"))).toThrow();
  });
});
