import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** A free TCP port on 127.0.0.1 (never 2024, the LangGraph CLI's default that a developer may be using). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((done, fail) => {
      const probe = createServer();
      probe.once("error", fail);
      probe.listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => done(typeof address === "object" && address ? address.port : 0));
      });
    });
    if (port !== 2024 && port !== 0) return port;
  }
}

/** A server process started in its own process group, for tests. */
export interface ServiceProcess {
  /** Everything it printed so far (stdout and stderr). */
  log(): string;
  /** Whether it is still running. */
  running(): boolean;
  /** Signals its whole group with `signal`, waits up to `graceMs`, then SIGKILLs the group. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
}

/** Starts a command detached (its own process group) and collects its output. */
export function startService(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ServiceProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  let running = true;
  const exited = new Promise<void>((done) => child.once("exit", () => done())).then(() => {
    running = false;
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // ESRCH: every process of the group has exited.
    }
  };
  return {
    log: () => output,
    running: () => running,
    async stop(signal, graceMs) {
      signalGroup(signal);
      await Promise.race([exited, sleep(graceMs)]);
      signalGroup("SIGKILL");
    },
  };
}

/** Polls `ready` until it holds or the service exits or `timeoutMs` passes; returns whether it became ready. */
export async function waitUntilReady(
  service: ServiceProcess,
  ready: () => Promise<boolean>,
  timeoutMs: number,
  pollMs: number,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && service.running()) {
    if (await ready()) return true;
    await sleep(pollMs);
  }
  return false;
}
