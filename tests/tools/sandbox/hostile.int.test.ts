import { spawnSync } from "node:child_process";
import { chownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { ExecResult } from "../../../src/tools/sandbox/executor-types.js";
import { GAPS } from "../../../src/tools/sandbox/gaps.js";
import { DEFAULT_SANDBOX_UID } from "../../../src/tools/sandbox/host-probes.js";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";

/**
 * One real hostile script per class of the sandbox v2 issue, through the real CLI
 * (`linguacodus exec --json`) in the real sandbox: as root (as CI runs) and as a normal user
 * (uid 65534 through setpriv when the tests run as root; the tests' own user otherwise).
 */

const CLI = fileURLToPath(new URL("../../../bin/linguacodus.js", import.meta.url));
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

function sandboxReason(): string | null {
  try {
    createPythonExecutor({ sandbox: "bwrap" });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const unavailable = sandboxReason();
if (unavailable !== null) console.warn(`SKIPPING hostile sandbox tests: no usable sandbox here: ${unavailable}`);
if (!isRoot) console.warn("SKIPPING the root half of the hostile sandbox tests: not running as root");

type Mode = "root" | "user";
const modes: Mode[] = isRoot ? ["root", "user"] : ["user"];

/** The uid a script has: the dedicated host uid for root callers, 65534 (of a user namespace, or the host's nobody) otherwise. */
const scriptUid = (mode: Mode) => (mode === "root" ? Number(process.env.LINGUACODUS_SANDBOX_UID || DEFAULT_SANDBOX_UID) : NOBODY);

const bases = new Map<Mode, string>();
afterAll(() => {
  for (const base of bases.values()) rmSync(base, { recursive: true, force: true });
});

/** A scratch directory the mode's caller owns. */
function base(mode: Mode): string {
  let dir = bases.get(mode);
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), `linguacodus-hostile-${mode}-`));
    if (mode === "user" && isRoot) chownSync(dir, NOBODY, NOBODY);
    bases.set(mode, dir);
  }
  return dir;
}

let counter = 0;

/** Writes a file the mode's caller owns. */
function writeOwned(mode: Mode, name: string, text: string): string {
  const path = join(base(mode), name);
  writeFileSync(path, text);
  if (mode === "user" && isRoot) chownSync(path, NOBODY, NOBODY);
  return path;
}

/** Runs `linguacodus exec` on the script as the mode's caller; returns the exit code and what it printed. */
function cli(mode: Mode, source: string, flags: string[], workDir = join(base(mode), `work-${++counter}`)) {
  const script = writeOwned(mode, `script-${++counter}.py`, source);
  const argv = [process.execPath, CLI, "exec", script, "--workdir", workDir, "--timeout", "60", ...flags];
  const command =
    mode === "user" && isRoot ? ["/usr/bin/setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", ...argv] : argv;
  const run = spawnSync(command[0], command.slice(1), {
    encoding: "utf8",
    env: { PATH: "/usr/bin:/bin", HOME: base(mode), LINGUACODUS_SANDBOX_UID: process.env.LINGUACODUS_SANDBOX_UID ?? "" },
    timeout: 120_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, workDir };
}

/** Runs the script with --json; returns the parsed result and its work directory. */
function run(mode: Mode, source: string, flags: string[] = [], workDir?: string): { result: ExecResult; workDir: string } {
  const out = cli(mode, source, ["--json", ...flags], workDir);
  expect(out.stdout, out.stderr).toMatch(/^\{/);
  return { result: JSON.parse(out.stdout) as ExecResult, workDir: out.workDir };
}

/** Entries below dir that are neither regular files nor directories (find handles any depth and name). */
function nonRegular(dir: string): string {
  return spawnSync("find", [dir, "!", "-type", "f", "!", "-type", "d"], { encoding: "utf8" }).stdout;
}

const HOST_ROOT = `
import ctypes, errno, os, shutil
def attempt(name, action):
    try:
        action(); print(name, "OK")
    except OSError as e:
        print(name, errno.errorcode[e.errno])
for path in ["kernel/core_pattern", "kernel/panic", "vm/drop_caches"]:
    attempt(path, lambda: open("/proc/sys/" + path, "w").write("1"))
print("ids", os.getuid(), os.geteuid(), os.getgid(), os.getgroups())
print("caps", sorted({l.split()[1] for l in open("/proc/self/status") if l.startswith(("CapEff", "CapPrm", "CapBnd", "CapAmb"))}))
shutil.copy("/usr/bin/python3", "py"); os.chmod("py", 0o6755); os.chmod(".", 0o777)
print("suid-set", oct(os.stat("py").st_mode & 0o7777))
print("keys", [l.split()[-2:] for l in open("/proc/keys")])
libc = ctypes.CDLL(None, use_errno=True)
print("keyctl", libc.syscall(250, 0, -3, 0), errno.errorcode.get(ctypes.get_errno()))
print("unshare-user", libc.syscall(272, 0x10000000), errno.errorcode.get(ctypes.get_errno()))
`;

const REACH_LAUNCHER = `
import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
err = lambda: errno.errorcode.get(ctypes.get_errno(), "OK")
me = os.getpid()
others = sorted(int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != me)
print("pid", me, "others", others)
for pid in others:
    for what in ["mem", "fd"]:
        try:
            open("/proc/%d/mem" % pid, "r+b") if what == "mem" else os.listdir("/proc/%d/fd" % pid)
            print(pid, what, "OK")
        except OSError as e:
            print(pid, what, errno.errorcode[e.errno])
target = others[0] if others else me
print("ptrace", libc.syscall(101, 16, target, 0, 0), err())
print("process_vm_writev", libc.syscall(311, target, 0, 0, 0, 0, 0), err())
pidfd = libc.syscall(434, target, 0)
print("pidfd_getfd", libc.syscall(438, pidfd, 3, 0), err())
print("fds", sorted(int(fd) for fd in os.listdir("/proc/self/fd")))
for fd in range(3, 64):
    try:
        if fd != pidfd:
            os.write(fd, b'{"exitCode": 0, "signal": null, "maxRssKb": 1, "cpuSeconds": 0}\\n'); print("forged on", fd)
    except OSError:
        pass
sys.exit(1)
`;

const MEMFD_HOARD = `
import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
try:
    fd = os.memfd_create("hold")
    for _ in range(1536):
        os.write(fd, b"x" * (1 << 20))
    print("memfd held 1536 MiB")
except OSError as e:
    print("memfd", errno.errorcode[e.errno])
print("shmget", libc.syscall(29, 0, 1 << 30, 0o1600), errno.errorcode.get(ctypes.get_errno(), "OK"))
try:
    with open("/dev/shm/hold", "wb") as f:
        for _ in range(1536):
            f.write(b"x" * (1 << 20))
    print("shm held 1536 MiB")
except OSError as e:
    print("shm", errno.errorcode[e.errno])
`;

const MANY_PROCESSES = `
import os, time
children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        block = bytearray(60 << 20)
        for i in range(0, len(block), 4096):
            block[i] = 1
        time.sleep(2)
        os._exit(0)
    children.append(pid)
print("children", [os.waitpid(pid, 0)[1] for pid in children])
`;

const plantTraps = (victim: string) => `
import os
os.unlink("solution.py"); os.symlink(${JSON.stringify(victim)}, "solution.py")
os.symlink(${JSON.stringify(victim)}, "submission.csv")
os.mkfifo("fifo.csv")
os.symlink("/etc/passwd", b"link\\xff")
os.mkdir(b"dir\\xfe"); os.mkfifo(b"dir\\xfe/pipe")
os.mkdir("deep"); os.chdir("deep")
for _ in range(2100):
    os.mkdir("d"); os.chdir("d")
os.symlink(${JSON.stringify(victim)}, "link"); os.mkfifo("fifo")
os.chdir(${JSON.stringify("/")}); os.chdir(os.environ["PWD"])
open("ok.csv", "w").write("1\\n")
`;

const SPOOF = [
  "import sys",
  String.raw`open('\x1b[31mred\x1b[0m.csv', 'w').write('x')`,
  String.raw`print('\x1b]0;pwned\x07\x1b[2J\x1b[1A\rlinguacodus exec: OK \u202eevil')`,
  String.raw`sys.stderr.write('\x1b[8mhidden\x1b[0m\x00\x9b')`,
  "sys.exit(5)",
].join("\n");

describe.skipIf(unavailable !== null).each(modes)("sandbox v2 against hostile scripts, caller %s", (mode) => {
  it("1. is not host root: /proc/sys read-only, no capabilities, setuid bits and world-write stripped, an empty keyring", () => {
    const { result, workDir } = run(mode, HOST_ROOT);
    const uid = scriptUid(mode);
    expect(result).toMatchObject({ ok: true, exitCode: 0, sandbox: "bwrap" });
    expect(result.stdout).toBe(
      [
        "kernel/core_pattern EROFS",
        "kernel/panic EROFS",
        "vm/drop_caches EROFS",
        `ids ${uid} ${uid} ${uid} []`,
        "caps ['0000000000000000']",
        "suid-set 0o6755",
        "keys [['_ses:', 'empty']]",
        "keyctl -1 EPERM",
        "unshare-user -1 EPERM",
        "",
      ].join("\n"),
    );
    expect(lstatSync(join(workDir, "py")).mode & 0o7777).toBe(0o755);
    expect(lstatSync(workDir).mode & 0o7777).toBe(0o775);
    expect(lstatSync(join(workDir, "py")).uid).toBe(mode === "root" ? uid : NOBODY);
    if (mode === "root") expect(readFileSync("/proc/sys/kernel/core_pattern", "utf8")).not.toBe("1\n");
  }, 60_000);

  it("2. cannot reach a launcher or a report descriptor: status and memory come from the host", () => {
    const { result } = run(mode, REACH_LAUNCHER);
    const reach =
      mode === "root"
        ? [
            "pid 2 others [1]",
            "1 mem EACCES",
            "1 fd EACCES",
            "ptrace -1 EPERM",
            "process_vm_writev -1 EPERM",
            "pidfd_getfd -1 EPERM",
            "fds [0, 1, 2, 3, 4]",
          ]
        : ["pid 1 others []", "ptrace -1 EPERM", "process_vm_writev -1 EPERM", "pidfd_getfd -1 EPERM", "fds [0, 1, 2, 3, 4]"];
    expect(result.stdout).toBe(`${reach.join("\n")}\n`);
    expect(result).toMatchObject({ ok: false, exitCode: 1, signal: null, limitHit: null });
    expect(result.peakMemoryKb).toBeGreaterThan(1000);
  }, 60_000);

  it("3. memfd and shared memory count against the limit (a cgroup as root; denied without one)", () => {
    const { result } = run(mode, MEMFD_HOARD, ["--memory", "128"]);
    if (mode === "root") {
      expect(result).toMatchObject({ ok: false, exitCode: null, signal: "SIGKILL", limitHit: "memory", stdout: "", gaps: [] });
      expect(result.peakMemoryKb).toBeLessThanOrEqual(128 * 1024);
    } else {
      expect(result).toMatchObject({ ok: true, stdout: "memfd EPERM\nshmget -1 EPERM\nshm ENOSPC\n", gaps: [GAPS.memory] });
    }
  }, 60_000);

  it("3. several processes within RLIMIT_AS each still share one memory limit where a cgroup exists", () => {
    const { result } = run(mode, MANY_PROCESSES, ["--memory", "128"]);
    if (mode === "root") {
      expect(result).toMatchObject({ ok: false, limitHit: "memory" });
      expect(result.stdout).toMatch(/^children \[.*\b9\b.*\]\n$/);
    } else {
      expect(result).toMatchObject({ ok: true, stdout: "children [0, 0, 0, 0]\n", gaps: [GAPS.memory] });
    }
  }, 60_000);

  it("4. a work dir full of traps: links and FIFOs removed at any name and depth, the next script copy not redirected", () => {
    const victim = writeOwned(mode, `victim-${counter}.txt`, "host file\n");
    const workDir = join(base(mode), "reused-work-dir");
    const first = run(mode, plantTraps(victim), [], workDir).result;
    expect(first).toMatchObject({ ok: true, files: ["ok.csv"] });
    expect(nonRegular(workDir)).toBe("");
    expect(readdirSync(workDir).sort()).toEqual(["deep", "ok.csv"]);
    const second = run(mode, "print('second run')\n", [], workDir).result;
    expect(second).toMatchObject({ ok: true, stdout: "second run\n", files: ["ok.csv"] });
    expect(readFileSync(victim, "utf8")).toBe("host file\n");
  }, 90_000);

  it("4. a run that leaves more files or bytes than its quota fails with limitHit disk and leaves nothing", () => {
    const files = run(mode, "import os\nos.mkdir('many')\nfor i in range(3000):\n    open('many/%d' % i, 'w').close()\n", [
      "--max-files",
      "1000",
    ]);
    expect(files.result).toMatchObject({ ok: false, exitCode: 0, limitHit: "disk", files: [] });
    expect(files.result.stderr).toBe(
      "\nlinguacodus: the run left more than 1000 files in its work directory; everything it left there was removed\n",
    );
    expect(readdirSync(files.workDir)).toEqual(["solution.py"]);
    const bytes = run(mode, "for i in range(3):\n    open('blob%d' % i, 'wb').write(b'x' * (4 << 20))\n", ["--disk", "8"]);
    expect(bytes.result).toMatchObject({ ok: false, exitCode: 0, limitHit: "disk", files: [] });
    expect(readdirSync(bytes.workDir)).toEqual(["solution.py"]);
  }, 60_000);

  it("5. cannot spoof the text summary with control sequences; --json stays exact", () => {
    const text = cli(mode, `${SPOOF}\n`, []);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^linguacodus exec: FAILED \(exit 5\)/);
    expect(text.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(text.stdout).toContain("files: red.csv\n--- stdout ---\nlinguacodus exec: OK evil\n--- stderr ---\nhidden\n");
    const { result } = run(mode, `${SPOOF}\n`);
    expect(result.stdout).toBe("\x1b]0;pwned\x07\x1b[2J\x1b[1A\rlinguacodus exec: OK \u202eevil\n");
    expect(result.stderr).toBe("\x1b[8mhidden\x1b[0m\x00\x9b");
    expect(result.files).toEqual(["\x1b[31mred\x1b[0m.csv"]);
  }, 60_000);
});
