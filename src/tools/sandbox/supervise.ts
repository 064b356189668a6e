import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { type LauncherReport, parseLauncherReport, REPORT_FD } from "./launcher.js";
import { OutputCapture } from "./output-capture.js";
import { killProcessGroup } from "./process-tree.js";

/** Total output (stdout plus stderr) beyond outputBytes times this factor kills the run. */
export const OUTPUT_KILL_FACTOR = 256;

/** How long to wait for pipes to close after the main process exited (orphans may hold them). */
const PIPE_GRACE_MS = 300;

/** Largest launcher report kept, in bytes. */
const REPORT_CAP = 4096;

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
}

/** What the host observed about one supervised run. */
export interface SupervisedRun {
  /** Exit code of the spawned process, or null. */
  exitCode: number | null;
  /** Signal name that ended the spawned process, or null. */
  signal: string | null;
  /** Why the host killed the tree (a limit, or the caller's abort), or null. */
  hostKill: "wall" | "output" | "aborted" | null;
  /** The launcher's report, or null when it did not finish. */
  report: LauncherReport | null;
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
    stdio: ["ignore", "pipe", "pipe", "pipe"],
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
  const onOutput = (capture: OutputCapture) => (chunk: Buffer) => {
    capture.push(chunk);
    if (stdout.totalBytes + stderr.totalBytes > outputCeiling && hostKill === null) killTree("output");
  };
  child.stdout?.on("data", onOutput(stdout));
  child.stderr?.on("data", onOutput(stderr));
  const reportChunks: Buffer[] = [];
  let reportBytes = 0;
  const reportStream = child.stdio[REPORT_FD] as Readable | null;
  reportStream?.on("data", (chunk: Buffer) => {
    if (reportBytes < REPORT_CAP) reportChunks.push(chunk);
    reportBytes += chunk.length;
  });
  return new Promise((resolve) => {
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const settle = (exitCode: number | null, signal: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(wallTimer);
      options.signal?.removeEventListener("abort", onAbort);
      clearTimeout(graceTimer);
      resolve({
        exitCode,
        signal,
        hostKill,
        report: parseLauncherReport(Buffer.concat(reportChunks).toString("utf8")),
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
        for (const stream of [child.stdout, child.stderr, reportStream]) stream?.destroy();
        settle(code, signal);
      }, PIPE_GRACE_MS);
    });
    child.on("close", (code, signal) => settle(code, signal));
  });
}
