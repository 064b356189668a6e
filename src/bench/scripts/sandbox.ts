/**
 * Start-up cost of the sandbox: a trivial script run through the bubblewrap
 * executor versus a plain spawn of the same interpreter (and, for reference,
 * through the unsafe executor, which adds only the host-side monitor and prlimit).
 * Run it as root and as a normal user (e.g. setpriv --reuid=65534 --regid=65534
 * --clear-groups): the two set up the sandbox differently (docs/security.md).
 * Usage: npm run bench:sandbox [-- RUNS]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PythonExecutor } from "../../tools/sandbox/executor-types.js";
import { createPythonExecutor, resolvePython } from "../../tools/sandbox/python-executor.js";

const RUNS = Number(process.argv[2] ?? 30);
const WARMUP = 3;

const python = resolvePython(undefined);
const scratch = mkdtempSync(join(tmpdir(), "linguacodus-bench-"));
const script = join(scratch, "trivial.py");
writeFileSync(script, "print('ok')\n");

/** Milliseconds for one plain spawn of the interpreter until it exits. */
function plainSpawn(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(python, [script], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.resume();
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}`))));
  });
}

/** Milliseconds for one full executor run (work dir, copy, spawn, wait, listing). */
async function executorRun(executor: PythonExecutor, index: number): Promise<number> {
  const started = performance.now();
  const result = await executor.run({ scriptPath: script, workDir: join(scratch, `${executor.kind}-${index}`) });
  if (!result.ok) throw new Error(`${executor.kind} run failed: ${result.stderr}`);
  return performance.now() - started;
}

/**
 * Runs the measurements WARMUP + RUNS times, interleaved (one of each per round) so that
 * changing load on the machine affects them alike; returns the timed runs per measurement.
 */
async function measure(kinds: Array<(index: number) => Promise<number>>): Promise<number[][]> {
  const times: number[][] = kinds.map(() => []);
  for (let index = 0; index < WARMUP + RUNS; index += 1) {
    for (const [kind, once] of kinds.entries()) {
      const ms = await once(index);
      if (index >= WARMUP) times[kind].push(ms);
    }
  }
  return times;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const median = (values: number[]) => quantile(values, 0.5);
const p90 = (values: number[]) => quantile(values, 0.9);
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

try {
  const sandboxed = createPythonExecutor({ sandbox: "bwrap" });
  const unsafe = createPythonExecutor({ sandbox: "none" });
  const [plain, launcher, sandbox] = await measure([
    plainSpawn,
    (index) => executorRun(unsafe, index),
    (index) => executorRun(sandboxed, index),
  ]);
  const caller = process.getuid?.() === 0 ? "root (dedicated sandbox uid, per-run cgroup)" : `uid ${process.getuid?.()} (user namespace)`;
  console.log(`interpreter: ${python}; caller ${caller}; ${RUNS} interleaved rounds after ${WARMUP} warm-up rounds`);
  console.log(`plain spawn:              median ${fmt(median(plain))}, p90 ${fmt(p90(plain))}`);
  console.log(`unsafe executor (none):   median ${fmt(median(launcher))}, p90 ${fmt(p90(launcher))}`);
  console.log(`sandbox executor (bwrap): median ${fmt(median(sandbox))}, p90 ${fmt(p90(sandbox))}`);
  console.log(`added by the sandbox over a plain spawn: median ${fmt(median(sandbox) - median(plain))}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
