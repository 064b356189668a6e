import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inputMounts, prepareInput, prepareWorkDir } from "../../../src/tools/sandbox/workdir.js";

const scratch = mkdtempSync(join(tmpdir(), "linguacodus-workdir-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const script = join(scratch, "my-script.py");
writeFileSync(script, "print(1)\n");

describe("prepareWorkDir", () => {
  it("creates the directory and copies the script in as solution.py", async () => {
    const workDir = await prepareWorkDir(script, join(scratch, "a", "b"), null);
    expect(readFileSync(join(workDir, "solution.py"), "utf8")).toBe("print(1)\n");
  });

  it("removes a solution.py symlink a previous run planted instead of writing through it", async () => {
    const workDir = join(scratch, "planted-link");
    const victim = join(scratch, "victim.txt");
    mkdirSync(workDir);
    writeFileSync(victim, "host file\n");
    symlinkSync(victim, join(workDir, "solution.py"));
    await prepareWorkDir(script, workDir, null);
    expect(readFileSync(victim, "utf8")).toBe("host file\n");
    expect(lstatSync(join(workDir, "solution.py")).isFile()).toBe(true);
    expect(readFileSync(join(workDir, "solution.py"), "utf8")).toBe("print(1)\n");
  });

  it("removes a solution.py directory tree a previous run left", async () => {
    const workDir = join(scratch, "planted-dir");
    mkdirSync(join(workDir, "solution.py", "deep"), { recursive: true });
    writeFileSync(join(workDir, "solution.py", "deep", "x"), "");
    await prepareWorkDir(script, workDir, null);
    expect(readFileSync(join(workDir, "solution.py"), "utf8")).toBe("print(1)\n");
  });

  it.skipIf(process.getuid?.() !== 0)("hands the directory to the sandbox's owner (root callers)", async () => {
    const workDir = await prepareWorkDir(script, join(scratch, "owned"), { uid: 65000, gid: 65001 });
    expect(lstatSync(workDir)).toMatchObject({ uid: 65000, gid: 65001 });
  });
});

describe("prepareInput", () => {
  it("links or makes the input mount point, replacing a stale link", async () => {
    const workDir = join(scratch, "input-case");
    mkdirSync(workDir);
    await prepareInput(workDir, "/some/task", "symlink");
    expect(readlinkSync(join(workDir, "input"))).toBe("/some/task");
    await prepareInput(workDir, "/some/task", "mountpoint");
    expect(lstatSync(join(workDir, "input")).isDirectory()).toBe(true);
  });
});

describe("inputMounts", () => {
  it("lists files and directories to bind and symlinks to recreate, sorted", async () => {
    const task = join(scratch, "task");
    mkdirSync(join(task, "images"), { recursive: true });
    writeFileSync(join(task, "train.csv"), "");
    symlinkSync("../private/answers.csv", join(task, "answers.csv"));
    expect(await inputMounts(task)).toEqual({
      kind: "entries",
      entries: [
        { name: "answers.csv", symlink: "../private/answers.csv" },
        { name: "images", source: join(task, "images") },
        { name: "train.csv", source: join(task, "train.csv") },
      ],
    });
  });

  it("binds a directory with more than 256 entries as a whole", async () => {
    const big = join(scratch, "big-task");
    mkdirSync(big);
    for (let i = 0; i < 257; i += 1) writeFileSync(join(big, `f${i}.csv`), "");
    expect(await inputMounts(big)).toEqual({ kind: "directory", path: big });
  });
});
