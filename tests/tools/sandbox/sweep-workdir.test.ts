import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sweepWorkDir } from "../../../src/tools/sandbox/sweep-workdir.js";

const scratch = mkdtempSync(join(tmpdir(), "linguacodus-sweep-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ROOMY = { maxFiles: 1000, maxBytes: 1 << 30 };

/** Runs Python (real /usr/bin/python3) in dir: it can make what Node cannot (byte names, trees deeper than PATH_MAX). */
function python(dir: string, source: string): void {
  const run = spawnSync("/usr/bin/python3", ["-c", source], { cwd: dir, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
}

function fresh(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "input"), { recursive: true });
  writeFileSync(join(dir, "solution.py"), "");
  return dir;
}

describe("sweepWorkDir", () => {
  it("lists regular files, skips input/ and solution.py, and removes planted symlinks, FIFOs and sockets", () => {
    const dir = fresh("outputs");
    mkdirSync(join(dir, "models", "deep"), { recursive: true });
    writeFileSync(join(dir, "input", "train.csv"), "");
    writeFileSync(join(dir, "submission.csv"), "id\n");
    writeFileSync(join(dir, "models", "deep", "m.bin"), "");
    symlinkSync("/etc/passwd", join(dir, "looks-like-output.csv"));
    symlinkSync("/etc/passwd", join(dir, "models", "link"));
    python(dir, "import os, socket; os.mkfifo('pipe.csv'); socket.socket(socket.AF_UNIX).bind('sock')");
    const result = sweepWorkDir(dir, ROOMY);
    expect(result).toEqual({ files: ["models/deep/m.bin", "submission.csv"], entries: 4, bytes: 4096, removed: 4, overQuota: null });
    expect(readdirSync(dir).sort()).toEqual(["input", "models", "solution.py", "submission.csv"]);
    expect(readdirSync(join(dir, "models"))).toEqual(["deep"]);
  });

  it("removes names that are not UTF-8 (and links under them) without following anything", () => {
    const dir = fresh("bytes");
    python(
      dir,
      "import os\nos.mkdir(b'd\\xff')\nos.symlink('/etc/shadow', b'd\\xff/l\\xfe')\nopen(b'f\\xfe.csv', 'w').write('x')\nopen('ok.csv', 'w').write('x')",
    );
    expect(sweepWorkDir(dir, ROOMY)).toMatchObject({ files: ["ok.csv"], removed: 3, overQuota: null });
    expect(readdirSync(dir).sort()).toEqual(["input", "ok.csv", "solution.py"]);
    expect(existsSync("/etc/shadow")).toBe(true);
  });

  it("removes a tree deeper than PATH_MAX with a symlink and a FIFO at its bottom", () => {
    const dir = fresh("deep");
    python(dir, "import os\nfor _ in range(2500):\n    os.mkdir('d'); os.chdir('d')\nos.symlink('/etc/passwd', 'link'); os.mkfifo('fifo')");
    const result = sweepWorkDir(dir, ROOMY);
    expect(result.overQuota).toBeNull();
    expect(result.files).toEqual([]);
    expect(result.removed).toBe(2500 - 31 + 2);
    expect(readdirSync(dir).sort()).toEqual(["d", "input", "solution.py"]);
  });

  it("strips setuid, setgid and world-write, and makes an unreadable directory the owner's again", () => {
    const dir = fresh("modes");
    python(
      dir,
      "import os, shutil\nshutil.copy('/usr/bin/true', 'suid'); os.chmod('suid', 0o6777)\nos.mkdir('locked'); open('locked/x', 'w').write('x'); os.chmod('locked', 0)\nos.chmod('.', 0o777)",
    );
    expect(sweepWorkDir(dir, ROOMY)).toMatchObject({ files: ["locked/x", "suid"], removed: 0 });
    expect(lstatSync(join(dir, "suid")).mode & 0o7777).toBe(0o775);
    expect(lstatSync(join(dir, "locked")).mode & 0o7777).toBe(0o700);
    expect(lstatSync(dir).mode & 0o7777).toBe(0o775);
  });

  it("removes everything a run left beyond the file quota and says which quota", () => {
    const dir = fresh("many");
    python(
      dir,
      "import os\nos.mkdir('many')\nfor i in range(300):\n    open('many/%d' % i, 'w').close()\nopen('submission.csv', 'w').write('x')",
    );
    expect(sweepWorkDir(dir, { maxFiles: 100, maxBytes: 1 << 30 })).toMatchObject({ files: [], overQuota: "files" });
    expect(readdirSync(dir).sort()).toEqual(["input", "solution.py"]);
  });

  it("removes everything beyond the byte quota (disk space, sparse files count for what they use)", () => {
    const dir = fresh("bytes-quota");
    python(dir, "open('big.bin', 'wb').write(b'x' * (3 << 20))\nf = open('sparse.bin', 'wb'); f.seek(1 << 30); f.write(b'x')");
    expect(sweepWorkDir(dir, { maxFiles: 100, maxBytes: 2 << 20 })).toMatchObject({ files: [], overQuota: "bytes" });
    expect(readdirSync(dir).sort()).toEqual(["input", "solution.py"]);
  });

  it("removes a solution.py or input that is not what the host made", () => {
    const dir = join(scratch, "replaced");
    mkdirSync(join(dir, "solution.py"), { recursive: true });
    symlinkSync("/etc", join(dir, "input"));
    expect(sweepWorkDir(dir, ROOMY)).toMatchObject({ files: [], removed: 2 });
    expect(readdirSync(dir)).toEqual([]);
  });
});
