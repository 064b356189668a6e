import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { closeQueue, openQueue, redact } from "../queue/boss.js";
import { prepareCheckpoints } from "../queue/checkpointer.js";
import { LEASE_SECONDS, MIN_LEASE_SECONDS } from "../queue/policy.js";
import { runWorker } from "../queue/worker.js";
import { numberOption } from "./run-options.js";
import { parseFlags, UsageError } from "./flags.js";
import { helpText, usageMistake } from "./help-text.js";
import { WORKER } from "./worker-flags.js";

/** Parsed worker arguments. */
export interface WorkerArgs {
  /** The queue database. */
  queue: string;
  /** The checkpoint database. */
  checkpointer: string;
  /** Jobs at once. */
  concurrency: number;
  /** Seconds a job's lease reaches ahead. */
  leaseSeconds: number;
  /** Where solve jobs without --out get their run directory. */
  runsDir: string;
  /** Python for every job. */
  python: string;
  /** Whether jobs may ask for no sandbox. */
  allowUnsandboxed: boolean;
}

/** Parses the worker's arguments. */
export function parseWorkerArgs(argv: string[]): WorkerArgs | "help" {
  const parsed = parseFlags(WORKER, argv);
  if (parsed === "help") return "help";
  const { values, positionals } = parsed;
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (!values.queue) throw new UsageError("--queue <postgres-url> is required");
  const url = /^postgres(ql)?:\/\//;
  if (!url.test(values.queue)) throw new UsageError("--queue needs a postgres:// URL");
  if (values.checkpointer && !url.test(values.checkpointer)) throw new UsageError("--checkpointer needs a postgres:// URL");
  const concurrency = numberOption(values, "concurrency") ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError("--concurrency needs a whole number ≥ 1");
  const leaseSeconds = numberOption(values, "lease") ?? LEASE_SECONDS;
  if (leaseSeconds < MIN_LEASE_SECONDS) throw new UsageError(`--lease needs at least ${MIN_LEASE_SECONDS} seconds`);
  return {
    queue: values.queue,
    checkpointer: values.checkpointer ?? values.queue,
    concurrency,
    leaseSeconds,
    runsDir: resolve(values["runs-dir"] ?? "runs"),
    python: values.python ?? process.env.LINGUACODUS_PYTHON ?? "/usr/bin/python3",
    allowUnsandboxed: values["unsafe-no-sandbox"] === true,
  };
}

/** `linguacodus worker`: runs queued solve jobs until stopped. */
export async function workerCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseWorkerArgs(argv);
  } catch (error) {
    process.stderr.write(usageMistake(WORKER, (error as Error).message));
    return 2;
  }
  if (args === "help") {
    process.stdout.write(helpText(WORKER));
    return 0;
  }
  const log = (line: string) => process.stderr.write(`[worker ${process.pid}] ${line}\n`);
  if (args.allowUnsandboxed) log("WARNING: --unsafe-no-sandbox: jobs may run generated code WITHOUT isolation.");
  let boss;
  try {
    await prepareCheckpoints(args.checkpointer);
    boss = await openQueue(args.queue, (error) => log(`queue: ${error.message}`));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    log("stopping: no new jobs; the running ones finish (signal again to exit now)");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const threads = Math.max(1, Math.floor(availableParallelism() / args.concurrency));
  log(
    `ready: ${args.concurrency} lane(s), ${threads} thread(s) per script, lease ${args.leaseSeconds} s, queue ${redact(args.queue)}, runs dir ${args.runsDir}`,
  );
  try {
    await runWorker({
      boss,
      checkpointerUrl: args.checkpointer,
      concurrency: args.concurrency,
      leaseSeconds: args.leaseSeconds,
      policy: { python: args.python, allowUnsandboxed: args.allowUnsandboxed, runsDir: args.runsDir, threads },
      signal: stop.signal,
      log,
    });
    return 0;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await closeQueue(boss);
  }
}
