/**
 * The sandbox's entry under the host-side monitor (runs without a memory cgroup: normal users,
 * hosts without delegation): the monitor's child closes inherited descriptors, sets the umask,
 * joins the run's cgroups and parks stderr around keyctl itself, with no shell in front of
 * bubblewrap. The same executor set-up as createPythonExecutor, with the cgroups a host without
 * a memory cgroup would have: none, or (root on cgroup v1) a pids cgroup only.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SandboxIdentity } from "../../../src/tools/sandbox/bwrap-args.js";
import { BwrapExecutor } from "../../../src/tools/sandbox/bwrap-executor.js";
import { probeBwrap } from "../../../src/tools/sandbox/bwrap-probe.js";
import type { ExecLimits } from "../../../src/tools/sandbox/executor-types.js";
import { GAPS } from "../../../src/tools/sandbox/gaps.js";
import { cgroupLayout, dedicatedUid, keyctlUsable } from "../../../src/tools/sandbox/host-probes.js";
import { createPythonExecutor, DEFAULT_BWRAP } from "../../../src/tools/sandbox/python-executor.js";
import type { CgroupLayout } from "../../../src/tools/sandbox/run-cgroup.js";

const PYTHON = "/usr/bin/python3";
const isRoot = process.getuid?.() === 0;

/** Why the sandbox cannot run here, or null. */
function unavailable(): string | null {
  try {
    createPythonExecutor({ sandbox: "bwrap", python: PYTHON });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const reason = unavailable();
if (reason) console.warn(`SKIPPING the monitor entry tests: no usable bubblewrap sandbox here: ${reason}`);

/** An executor as createPythonExecutor makes one, with the given cgroups instead of the probed ones. */
function executor(cgroups: CgroupLayout | null): BwrapExecutor {
  const uid = isRoot ? dedicatedUid() : 0;
  const identity: SandboxIdentity = isRoot ? { kind: "dedicated", uid, gid: uid } : { kind: "caller" };
  const features = probeBwrap(DEFAULT_BWRAP, isRoot);
  return new BwrapExecutor({ python: PYTHON, bwrapPath: DEFAULT_BWRAP, features, identity, cgroups, freshKeyring: keyctlUsable() });
}

/** The v1 pids parent root may use here (a host with a pids cgroup but no memory cgroup to measure), or null. */
function pidsOnly(): CgroupLayout | null {
  const layout = cgroupLayout();
  return layout?.version === 1 && layout.pidsParent !== null ? { version: 1, memoryParent: null, pidsParent: layout.pidsParent } : null;
}

const SMALL: Partial<ExecLimits> = { wallSeconds: 20, memoryMb: 512, cpuSeconds: 10, maxProcesses: 16, outputBytes: 8192 };

const root = mkdtempSync(join(tmpdir(), "linguacodus-monitor-entry-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

/** Runs source with `sandbox` in a fresh work directory. */
async function run(sandbox: BwrapExecutor, source: string) {
  runs += 1;
  const scriptPath = join(root, `script-${runs}.py`);
  writeFileSync(scriptPath, source);
  return sandbox.run({ scriptPath, workDir: join(root, `run-${runs}`), limits: SMALL });
}

describe.skipIf(reason !== null)("the sandbox's entry under the host-side monitor", () => {
  it("gives the script only stdio, umask 022 and its own stderr; the monitor reports how it ended and its peak memory", async () => {
    const result = await run(
      executor(null),
      `
import os, sys
print("fds", sorted(int(fd) for fd in os.listdir("/proc/self/fd")))
print("umask", oct(os.umask(0)))
print("uid", os.getuid())
sys.stderr.write("from the script\\n")
sys.exit(3)
`,
    );
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain("fds [0, 1, 2, 3]"); // 3 is listdir's own descriptor
    expect(result.stdout).toContain("umask 0o22");
    expect(result.stdout).toContain(`uid ${isRoot ? dedicatedUid() : 65534}`);
    expect(result.stderr).toBe("from the script\n"); // keyctl's "Joined session keyring" line never reaches it
    expect(result.peakMemoryKb).toBeGreaterThan(1000);
    expect(result.gaps).toContain(GAPS.memory);
  }, 60_000);

  it.skipIf(pidsOnly() === null)(
    "joins a pids-only cgroup (root, cgroup v1): its pids.max stops too many threads",
    async () => {
      const sandbox = executor(pidsOnly());
      expect(sandbox.processLimit).toBe("cgroup");
      const result = await run(
        sandbox,
        `
import threading, time
threads = [threading.Thread(target=time.sleep, args=(2,)) for _ in range(40)]
for thread in threads:
    thread.start()
`,
      );
      expect(result.limitHit).toBe("processes");
      expect(result.stderr).toContain("can't start new thread");
      expect(result.gaps).not.toContain(GAPS.processes);
      expect(result.gaps).toContain(GAPS.memory);
    },
    60_000,
  );
});
