import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Whether this module runs from the TypeScript sources (tsx) rather than the built dist/. */
const FROM_SOURCE = import.meta.url.endsWith(".ts");

/** The job process's entry point: the source under tsx, or its build beside this module's. */
const SOURCE_ENTRY = new URL("./job-process.ts", import.meta.url);

/** Forks a job process: dist/queue/job-process.js, or the .ts source under tsx when running from source. */
function forkJobProcess(): ChildProcess {
  const entry = fileURLToPath(FROM_SOURCE ? SOURCE_ENTRY : new URL("./job-process.js", import.meta.url));
  const execArgv = FROM_SOURCE ? ["--import", import.meta.resolve("tsx")] : [];
  return fork(entry, [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

/** Whether a forked process is still running. */
function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * The job processes of one worker lane, one kept ready ahead: starting one (Node and the graph's
 * modules) takes seconds, so the next is forked as soon as one is taken and loads while the job
 * runs. An idle spare waits for its request; it exits when the worker goes away.
 */
export class JobProcesses {
  private spare: ChildProcess | null = null;

  /** Forks the spare if there is none yet (a lane calls it before waiting for its first job). */
  warm(): void {
    if (!this.spare || !running(this.spare)) this.spare = forkJobProcess();
  }

  /** A job process for the next job (the spare when it is alive), forking the next spare. */
  take(): ChildProcess {
    const ready = this.spare && running(this.spare) ? this.spare : forkJobProcess();
    this.spare = forkJobProcess();
    return ready;
  }

  /** Kills the spare (the lane stops). */
  close(): void {
    this.spare?.kill("SIGKILL");
    this.spare = null;
  }
}
