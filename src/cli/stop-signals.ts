/** SIGINT and SIGTERM stop a run cleanly: the first aborts it (stopped.json is written), a second exits at once. */

/** How the CLI names a stop by each signal ("interrupted — continue with: linguacodus resume …"). */
export const STOP_WORDS: Record<"SIGINT" | "SIGTERM", string> = { SIGINT: "interrupted", SIGTERM: "stopped by SIGTERM" };

/** Exit codes of a run stopped by a signal (128 + the signal's number). */
export const SIGNAL_EXIT: Record<"SIGINT" | "SIGTERM", number> = { SIGINT: 130, SIGTERM: 143 };

/** The signals a run stops on. */
export type StopSignal = keyof typeof SIGNAL_EXIT;

/** A run being stopped by a signal. */
export class RunStoppedError extends Error {
  override readonly name = "RunStoppedError";
  /** The signal that stopped it. */
  readonly signal: StopSignal;

  constructor(signal: StopSignal) {
    super(`stopped by ${signal}`);
    this.signal = signal;
  }
}

/** Listens for SIGINT and SIGTERM while a run goes on. */
export interface StopListener {
  /** Aborted with a RunStoppedError on the first signal. */
  signal: AbortSignal;
  /** The signal received, or null. */
  received(): StopSignal | null;
  /** Resolves with the first signal (for waits that are not the graph's, such as the review prompt). */
  stopped: Promise<StopSignal>;
  /** Stops listening. */
  dispose(): void;
}

/** Starts listening: the first signal aborts, a second one ends the process with its exit code. */
export function listenForStop(): StopListener {
  const controller = new AbortController();
  let received: StopSignal | null = null;
  let announce: (signal: StopSignal) => void = () => {};
  const stopped = new Promise<StopSignal>((resolve) => (announce = resolve));
  const handlers = (Object.keys(SIGNAL_EXIT) as StopSignal[]).map((name) => {
    const handler = () => {
      if (received !== null) process.exit(SIGNAL_EXIT[name]);
      received = name;
      process.stderr.write(`\n${name} received: stopping the run (send it again to quit at once)…\n`);
      controller.abort(new RunStoppedError(name));
      announce(name);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    received: () => received,
    stopped,
    dispose: () => {
      for (const [name, handler] of handlers) process.removeListener(name, handler);
    },
  };
}
