import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { OutputCapture } from "./output-capture.js";
import { killProcessGroup } from "./process-tree.js";
import { StdoutLines } from "./stdout-lines.js";

/** Total output (stdout plus stderr) beyond outputBytes times this factor kills the run. */
export const OUTPUT_KILL_FACTOR = 256;

/** How long to wait for pipes to close after the main process exited (orphans may hold them). */
const PIPE_GRACE_MS = 300;

/** Largest text kept from each collected descriptor, in bytes. */
const COLLECT_CAP = 4096;

/** An extra descriptor of the child (3, 4, …): bytes written to it and closed, or "collect" to keep what it writes. */
export type ExtraFd = Buffer | "collect";

/** How to start and police one process tree. */
export interface SuperviseOptions {
  /** Executable to spawn (detached, so it leads its own process group). */
  command: string;
  /** Its arguments. */
  args: string[];
  /** Working directory of the spawned process. */
  cwd: string;
  /** Complete environment of the spawned process. */
  env: Record<string, string>;
  /** Wall-clock limit in milliseconds. */
  wallMs: number;
  /** Bytes of stdout and of stderr kept each. */
  outputBytes: number;
  /** Extra tree kill run with the process-group kill (e.g. killing a cgroup). */
  killExtra?: () => void;
  /** The caller's cancellation: aborting kills the whole tree. */
  signal?: AbortSignal;
  /** Descriptors 3, 4, … of the child, in order. */
  extraFds?: ExtraFd[];
  /** Receives stdout line by line as it comes, for live display (printable, bounded: see StdoutLines). */
  onStdoutLine?: (line: string) => void;
}

/** What the host observed about one supervised run. */
export interface SupervisedRun {
  /** Exit code of the spawned process, or null. */
  exitCode: number | null;
  /** Signal name that ended the spawned process, or null. */
  signal: string | null;
  /** Why the host killed the tree (a limit, or the caller's abort), or null. */
  hostKill: "wall" | "output" | "aborted" | null;
  /** Text collected from each "collect" descriptor (by index in extraFds; "" for written ones), capped. */
  collected: string[];
  /** Captured stdout. */
  stdout: OutputCapture;
  /** Captured stderr. */
  stderr: OutputCapture;
  /** Wall time from spawn to exit in milliseconds. */
  durationMs: number;
}

/** Spawns the command, enforces the wall and output limits, and resolves once it is gone. */
export function supervise(options: SuperviseOptions): Promise<SupervisedRun> {
  const stdout = new OutputCapture(options.outputBytes);
  const stderr = new OutputCapture(options.outputBytes);
  const outputCeiling = options.outputBytes * OUTPUT_KILL_FACTOR;
  const started = performance.now();
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe", ...(options.extraFds ?? []).map(() => "pipe" as const)],
  });
  let hostKill: SupervisedRun["hostKill"] = null;
  let durationMs: number | null = null;
  const killTree = (reason: "wall" | "output" | "aborted"): void => {
    hostKill ??= reason;
    killProcessGroup(child.pid);
    options.killExtra?.();
  };
  const wallTimer = setTimeout(() => killTree("wall"), options.wallMs);
  const onAbort = (): void => {
    stderr.push(Buffer.from("\nlinguacodus: the run was cancelled by the caller\n"));
    killTree("aborted");
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  const lines = options.onStdoutLine ? new StdoutLines(options.onStdoutLine) : null;
  const onOutput = (capture: OutputCapture, live: StdoutLines | null) => (chunk: Buffer) => {
    capture.push(chunk);
    live?.push(chunk);
    if (stdout.totalBytes + stderr.totalBytes > outputCeiling && hostKill === null) killTree("output");
  };
  child.stdout?.on("data", onOutput(stdout, lines));
  child.stderr?.on("data", onOutput(stderr, null));
  const extras = (options.extraFds ?? []).map((extra, index) => connectExtra(child.stdio[3 + index], extra));
  return new Promise((resolve) => {
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const settle = (exitCode: number | null, signal: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(wallTimer);
      options.signal?.removeEventListener("abort", onAbort);
      clearTimeout(graceTimer);
      lines?.end();
      resolve({
        exitCode,
        signal,
        hostKill,
        collected: extras.map((extra) => extra.text()),
        stdout,
        stderr,
        durationMs: durationMs ?? performance.now() - started,
      });
    };
    child.on("error", (error) => {
      stderr.push(Buffer.from(`linguacodus: cannot start ${options.command}: ${error.message}\n`));
      settle(127, null);
    });
    child.on("exit", (code, signal) => {
      durationMs = performance.now() - started;
      clearTimeout(wallTimer);
      killProcessGroup(child.pid);
      options.killExtra?.();
      graceTimer = setTimeout(() => {
        for (const stream of [child.stdout, child.stderr, ...extras.map((extra) => extra.stream)]) stream?.destroy();
        settle(code, signal);
      }, PIPE_GRACE_MS);
    });
    child.on("close", (code, signal) => settle(code, signal));
  });
}

/** Writes a Buffer into an extra descriptor, or collects (capped) what the child writes to it. */
function connectExtra(
  stream: Readable | Writable | null | undefined,
  extra: ExtraFd,
): { stream: Readable | Writable | null; text: () => string } {
  if (extra === "collect") {
    const readable = stream as Readable | null;
    const chunks: Buffer[] = [];
    let bytes = 0;
    readable?.on("data", (chunk: Buffer) => {
      if (bytes < COLLECT_CAP) chunks.push(chunk);
      bytes += chunk.length;
    });
    return { stream: readable, text: () => Buffer.concat(chunks).subarray(0, COLLECT_CAP).toString("utf8") };
  }
  const writable = stream as Writable | null;
  writable?.on("error", () => undefined);
  writable?.end(extra);
  return { stream: writable, text: () => "" };
}
