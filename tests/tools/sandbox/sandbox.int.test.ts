import { createServer, type Server } from "node:net";
import { createSocket, type Socket } from "node:dgram";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecLimits, ExecResult, PythonExecutor } from "../../../src/tools/sandbox/executor-types.js";
import { BwrapExecutor } from "../../../src/tools/sandbox/bwrap-executor.js";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";

/** Real hostile scripts in the real sandbox with the real /usr/bin/python3. */

function sandboxOrReason(): PythonExecutor | string {
  try {
    return createPythonExecutor({ sandbox: "bwrap", python: "/usr/bin/python3" });
  } catch (error) {
    return (error as Error).message;
  }
}

const sandbox = sandboxOrReason();
if (typeof sandbox === "string") {
  console.warn(`SKIPPING sandbox integration tests: no usable bubblewrap sandbox here: ${sandbox}`);
}

/** The uid a script has: the dedicated host uid for root callers, 65534 of a user namespace otherwise. */
const scriptUid = sandbox instanceof BwrapExecutor && sandbox.identity.kind === "dedicated" ? sandbox.identity.uid : 65534;

/** Small limits so that hostile runs end fast. */
const SMALL: Partial<ExecLimits> = { wallSeconds: 10, memoryMb: 512, cpuSeconds: 10, fileSizeMb: 1, maxProcesses: 32, outputBytes: 4096 };

let root = "";
let taskDir = "";
let privateFile = "";
let runCount = 0;

/** Runs a script given as source in a fresh work directory; returns the result and the work directory. */
async function run(source: string, limits: Partial<ExecLimits> = SMALL): Promise<{ result: ExecResult; workDir: string }> {
  if (typeof sandbox === "string") throw new Error(sandbox);
  runCount += 1;
  const scriptPath = join(root, `script-${runCount}.py`);
  writeFileSync(scriptPath, source);
  const workDir = join(root, "runs", String(runCount));
  const result = await sandbox.run({ scriptPath, workDir, taskDir, limits });
  return { result, workDir };
}

/** Host pids whose working directory is inside dir (leftovers of a run). */
function processesInside(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(dir)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(typeof sandbox === "string")("bubblewrap sandbox with hostile scripts", () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "linguacodus-sandbox-test-"));
    taskDir = join(root, "task", "public");
    mkdirSync(taskDir, { recursive: true });
    mkdirSync(join(root, "task", "private"));
    writeFileSync(join(taskDir, "train.csv"), "x,y\n1,2\n");
    privateFile = join(root, "task", "private", "answers.csv");
    writeFileSync(privateFile, "id,answer\n1,SECRET-ANSWER\n");
  });
  afterAll(() => {
    if (root !== "") rmSync(root, { recursive: true, force: true });
  });

  it("reads the task's public files at ./input and writes outputs the caller can read", async () => {
    const { result, workDir } = await run(`
import os
print(open("input/train.csv").read().strip())
os.makedirs("out/sub", exist_ok=True)
open("out/sub/result.csv", "w").write("a\\n1\\n")
open("submission.csv", "w").write("id,pred\\n1,0\\n")
print("uid", os.getuid(), "gid", os.getgid())
`);
    expect(result.ok).toBe(true);
    expect(result.sandbox).toBe("bwrap");
    expect(result.stdout).toContain("x,y\n1,2");
    expect(result.stdout).toContain(`uid ${scriptUid} gid ${scriptUid}`);
    expect(result.files).toEqual(["out/sub/result.csv", "submission.csv"]);
    expect(readFileSync(join(workDir, "submission.csv"), "utf8")).toBe("id,pred\n1,0\n");
    expect(readFileSync(join(workDir, "out/sub/result.csv"), "utf8")).toBe("a\n1\n");
    expect(result.peakMemoryKb).toBeGreaterThan(0);
  });

  it("cannot connect to a port on the host's 127.0.0.1, resolve names, or send UDP out", async () => {
    let connections = 0;
    const server: Server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const tcpPort = (server.address() as { port: number }).port;
    let datagrams = 0;
    const udp: Socket = createSocket("udp4", () => {
      datagrams += 1;
    });
    await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
    const udpPort = udp.address().port;
    try {
      const { result } = await run(`
import socket
def attempt(name, action):
    try:
        action()
        print(name, "SUCCEEDED")
    except OSError as error:
        print(name, type(error).__name__, error.errno)
attempt("tcp", lambda: socket.create_connection(("127.0.0.1", ${tcpPort}), timeout=2))
attempt("dns", lambda: socket.getaddrinfo("linguacodus-sandbox-test.invalid", 80))
attempt("udp", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", ${udpPort})))
print("interfaces", sorted(name for _, name in socket.if_nameindex()))
`);
      expect(result.ok).toBe(true);
      expect(result.stdout).toContain("tcp ConnectionRefusedError 111");
      expect(result.stdout).toMatch(/dns gaierror -\d+/);
      expect(result.stdout).toContain("interfaces ['lo']");
      await sleep(100);
      expect(connections).toBe(0);
      expect(datagrams).toBe(0);
    } finally {
      server.close();
      udp.close();
    }
  });

  it("cannot see /etc/shadow, the task's private/ directory, /root or the project", async () => {
    const { result, workDir } = await run(`
import os
def read(name, path):
    try:
        print(name, "READ", open(path).read()[:40])
    except OSError as error:
        print(name, type(error).__name__)
read("shadow", "/etc/shadow")
read("relative", "input/../private/answers.csv")
read("absolute", ${JSON.stringify(privateFile)})
os.symlink(${JSON.stringify(privateFile)}, "leak-abs")
read("symlink-abs", "leak-abs")
os.symlink("input/../../../task/private/answers.csv", "leak-rel")
read("symlink-rel", "leak-rel")
read("root-home", "/root/.bashrc")
read("project", ${JSON.stringify(join(process.cwd(), "package.json"))})
print("etc", sorted(os.listdir("/etc")))
`);
    expect(result.ok).toBe(true);
    for (const name of ["shadow", "relative", "absolute", "symlink-abs", "symlink-rel", "root-home", "project"]) {
      expect(result.stdout).toContain(`${name} FileNotFoundError`);
    }
    expect(result.stdout).not.toContain("SECRET-ANSWER");
    expect(result.stdout).not.toMatch(/'(shadow|passwd|ssh|sudoers)'/);
    expect(result.files).toEqual([]);
    expect(existsSync(join(workDir, "leak-abs"))).toBe(false);
    expect(existsSync(join(workDir, "leak-rel"))).toBe(false);
  });

  it("cannot write outside the work directory; /tmp is private", async () => {
    const token = `linguacodus-tmp-${process.pid}-${Date.now()}`;
    const outside = join(root, "escaped.txt");
    const { result } = await run(`
def write(name, path):
    try:
        open(path, "w").write("pwned")
        print(name, "WROTE")
    except OSError as error:
        print(name, type(error).__name__, error.errno)
write("usr", "/usr/pwned")
write("etc", "/etc/pwned")
write("input", "input/pwned")
write("dev", "/dev/pwned")
write("parent", ${JSON.stringify(outside)})
write("tmp", "/tmp/${token}")
`);
    expect(result.ok).toBe(true);
    expect(result.stdout).toContain("usr OSError 30");
    expect(result.stdout).toContain("etc OSError 30");
    expect(result.stdout).toContain("input OSError 30");
    expect(result.stdout).toContain("dev OSError 30");
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(join(taskDir, "pwned"))).toBe(false);
    expect(existsSync(join("/tmp", token))).toBe(false);
  });

  it("caps the private /tmp and /dev/shm (RAM-backed) at the memory limit", async () => {
    const { result } = await run(`
import os
for path in ["/tmp", "/dev/shm"]:
    stat = os.statvfs(path)
    print(path, stat.f_blocks * stat.f_frsize // (1 << 20))
import multiprocessing
multiprocessing.Lock()
print("semaphores work")
`);
    expect(result.ok).toBe(true);
    expect(result.stdout).toContain("/tmp 512\n");
    expect(result.stdout).toContain("/dev/shm 512\n");
    expect(result.stdout).toContain("semaphores work");
  });

  it("does not see the parent's environment (API keys, secrets)", async () => {
    process.env.LINGUACODUS_TEST_SECRET = "s3cr3t-value-123";
    process.env.OPENAI_API_KEY = "sk-test-should-not-leak";
    try {
      const { result } = await run(
        `
import os
print("secret", os.environ.get("LINGUACODUS_TEST_SECRET"), os.environ.get("OPENAI_API_KEY"))
print("own-environ", open("/proc/self/environ", "rb").read())
print("threads", os.environ["OMP_NUM_THREADS"], os.environ["OPENBLAS_NUM_THREADS"])
`,
        { ...SMALL, threads: 1 },
      );
      expect(result.ok).toBe(true);
      expect(result.stdout).toContain("secret None None");
      expect(result.stdout).toContain("threads 1 1");
      expect(result.stdout).not.toContain("s3cr3t-value-123");
      expect(result.stdout).not.toContain("sk-test-should-not-leak");
    } finally {
      delete process.env.LINGUACODUS_TEST_SECRET;
      delete process.env.OPENAI_API_KEY;
    }
  });

  it("contains a fork bomb: the process limit fires and nothing is left on the host", async () => {
    const { result, workDir } = await run(`
import os
while True:
    os.fork()
`);
    expect(result.limitHit).toBe("processes");
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain("BlockingIOError: [Errno 11]");
    expect(result.durationMs).toBeLessThan(10_000);
    await sleep(200);
    expect(processesInside(workDir)).toEqual([]);
    const after = await run("print('still fine')");
    expect(after.result.ok).toBe(true);
  }, 30_000);

  it("kills an infinite loop and its session-leader child at the wall limit", async () => {
    const { result, workDir } = await run(
      `
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
print("looping", flush=True)
while True:
    pass
`,
      { ...SMALL, wallSeconds: 3 },
    );
    expect(result.limitHit).toBe("wall");
    expect(result.signal).toBe("SIGKILL");
    expect(result.exitCode).toBeNull();
    expect(result.stdout).toContain("looping");
    expect(result.durationMs).toBeGreaterThanOrEqual(2900);
    expect(result.durationMs).toBeLessThan(6000);
    await sleep(200);
    expect(processesInside(workDir)).toEqual([]);
  }, 20_000);

  it("stops CPU burners with RLIMIT_CPU (SIGXCPU; SIGKILL at the limit for a normal user's pid-1 script)", async () => {
    const { result } = await run("while True:\n    pass\n", { ...SMALL, cpuSeconds: 1, wallSeconds: 30 });
    expect(result.limitHit).toBe("cpu");
    expect(result.signal).toBe(sandbox instanceof BwrapExecutor && sandbox.identity.kind === "caller" ? "SIGKILL" : "SIGXCPU");
  }, 20_000);

  it("refuses allocating 10x the memory limit with MemoryError", async () => {
    const { result } = await run(`
chunks = []
for _ in range(100):
    chunks.append(bytearray(50 * 1024 * 1024))
print("allocated", len(chunks))
`);
    expect(result.limitHit).toBe("memory");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^MemoryError$/m);
    expect(result.peakMemoryKb).toBeLessThan(512 * 1024);
  });

  it("refuses a numpy array 10x the memory limit with numpy's MemoryError subclass", async () => {
    const { result } = await run("import numpy as np\nnp.ones(10 * 512 * 1024 * 1024 // 8)\n");
    expect(result.limitHit).toBe("memory");
    expect(result.stderr).toMatch(/_ArrayMemoryError: Unable to allocate/);
  });

  it("caps a 1 GB print: output limit fires, host memory stays bounded", async () => {
    const rssBefore = process.memoryUsage().rss;
    const { result } = await run(`
import sys
chunk = b"y" * (1 << 20)
for _ in range(1024):
    sys.stdout.buffer.write(chunk)
`);
    expect(result.limitHit).toBe("output");
    expect(result.truncated).toBe(true);
    expect(result.stdout).toContain("bytes of output truncated");
    expect(result.stdout.length).toBeLessThan(4096 + 200);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it("leaves no setsid child running after the script exits", async () => {
    const { result, workDir } = await run(`
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1.5); open('marker', 'w').write('alive')"],
                         start_new_session=True)
print("spawned", child.pid)
`);
    expect(result.ok).toBe(true);
    expect(result.stdout).toContain("spawned");
    await sleep(2500);
    expect(existsSync(join(workDir, "marker"))).toBe(false);
    expect(processesInside(workDir)).toEqual([]);
  }, 20_000);

  it("stops a file past the size limit (EFBIG)", async () => {
    const { result, workDir } = await run(`
with open("big.bin", "wb") as f:
    f.write(b"x" * (3 * 1024 * 1024))
`);
    expect(result.limitHit).toBe("file_size");
    expect(result.stderr).toContain("OSError: [Errno 27] File too large");
    expect(statSync(join(workDir, "big.bin")).size).toBeLessThanOrEqual(1024 * 1024);
  });

  it("reports the script's own exit code without blaming a limit", async () => {
    const { result } = await run("import sys\nsys.exit(3)\n");
    expect(result).toMatchObject({ exitCode: 3, signal: null, limitHit: null, ok: false });
  });

  it("runs a normal pandas / scikit-learn / xgboost training script under the default limits", async () => {
    const { result, workDir } = await run(
      `
import numpy as np, pandas as pd
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import cross_val_score
import xgboost as xgb
X, y = make_classification(n_samples=600, n_features=10, random_state=0)
frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(10)])
forest = RandomForestClassifier(n_estimators=20, n_jobs=-1, random_state=0)
print("cv", cross_val_score(forest, frame, y, cv=3, n_jobs=-1).mean())
booster = xgb.XGBClassifier(n_estimators=20, max_depth=3).fit(X, y)
pd.DataFrame({"id": range(len(y)), "pred": booster.predict(X)}).to_csv("submission.csv", index=False)
`,
      {},
    );
    expect(result.stderr).toBe("");
    expect(result.ok).toBe(true);
    expect(result.stdout).toMatch(/cv 0\.\d+/);
    expect(result.files).toEqual(["submission.csv"]);
    expect(readFileSync(join(workDir, "submission.csv"), "utf8").split("\n")[0]).toBe("id,pred");
  }, 120_000);
});
