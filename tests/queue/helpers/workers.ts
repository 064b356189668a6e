import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BIN } from "../../helpers/cli.js";

/** A job attempt a worker logged: which job, which task/mode, which attempt, the job process's pid. */
export interface Attempt {
  /** Job id. */
  jobId: string;
  /** "task/mode". */
  label: string;
  /** Attempt number. */
  attempt: number;
  /** The job process. */
  pid: number;
}

/** A `linguacodus worker` process started by a test. */
export interface WorkerProcess {
  /** The worker's pid. */
  pid: number;
  /** Everything it printed, each line with its time since the worker started. */
  log(): string;
  /** The job attempts it logged so far. */
  attempts(): Attempt[];
  /** Calls `fn` for every attempt it logs from now on. */
  onAttempt(fn: (attempt: Attempt) => void): void;
  /** Resolves when it has exited. */
  exited: Promise<void>;
  /** The process. */
  child: ChildProcess;
}

const ATTEMPT = /job (\S+) (\S+) attempt (\d+)\/\d+: pid (\d+)/g;

/** Starts `linguacodus worker` on a queue (detached, like a process on another machine). */
export function startWorker(queue: string, extra: string[] = [], env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [BIN, "worker", "--queue", queue, ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, ...env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", OPENAI_MODEL: "" },
  });
  let output = "";
  let timeline = ""; // the output with each line's time since the worker started, for failure messages
  const start = Date.now();
  const seen: Attempt[] = [];
  const listeners: ((a: Attempt) => void)[] = [];
  const read = (chunk: Buffer) => {
    output += chunk;
    const at = `+${((Date.now() - start) / 1000).toFixed(1)}s `;
    timeline += String(chunk).replace(/^(?=.)/gm, at);
    const all = [...output.matchAll(ATTEMPT)].map(([, jobId, label, attempt, pid]) => ({
      jobId,
      label,
      attempt: Number(attempt),
      pid: Number(pid),
    }));
    for (const a of all.slice(seen.length)) {
      seen.push(a);
      for (const fn of listeners) fn(a);
    }
  };
  child.stdout!.on("data", read);
  child.stderr!.on("data", read);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return { pid: child.pid!, log: () => timeline, attempts: () => [...seen], onAttempt: (fn) => listeners.push(fn), exited, child };
}

/** Stops a worker's whole process group (SIGTERM, then SIGKILL). */
export async function stopWorker(worker: WorkerProcess): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-worker.pid, s);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  await Promise.race([worker.exited, sleep(5000)]);
  signal("SIGKILL");
}

/** Whether a process is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` holds (or throws after `timeoutMs`, naming `what`). */
export async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Copies a suite task under a new id (task.json id rewritten). */
export function cloneTask(suite: string, from: string, to: string): void {
  cpSync(join(suite, from), join(suite, to), { recursive: true });
  const path = join(suite, to, "task.json");
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), id: to, name: to }, null, 2));
}

/** The node names of a run's events.jsonl lines with status ok, in order. */
export function finishedNodes(runDir: string): string[] {
  let text = "";
  try {
    text = readFileSync(join(runDir, "events.jsonl"), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { node: string; status: string })
    .filter((e) => e.status === "ok")
    .map((e) => e.node);
}
