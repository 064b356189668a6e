import { setTimeout as sleep } from "node:timers/promises";
import type PgBoss from "pg-boss";
import { runInProcess } from "./attempt.js";
import type { Queue } from "./boss.js";
import type { WorkerPolicy } from "./handlers.js";
import { JobProcesses } from "./job-processes.js";
import type { ProgressMessage } from "./jobs.js";
import { keepLease, renewLease } from "./lease.js";
import { DEFAULT_TASK_TIMEOUT_SECONDS, POLL_SECONDS, RETRY_LIMIT, SOLVE_QUEUE } from "./policy.js";

/** Times a job is run again in place after its checkpoint database went away, before it is failed. */
const STORE_RETRIES = 5;

/** A progress message without the job, attempt and place the worker adds (each kind of message on its own). */
type Unsent = ProgressMessage extends infer M ? (M extends ProgressMessage ? Omit<M, "jobId" | "attempt" | "seq"> : never) : never;

/** How a worker runs. */
export interface WorkerOptions {
  /** The queue. */
  boss: Queue;
  /** The checkpoint database. */
  checkpointerUrl: string;
  /** Jobs run at once, each in its own process. */
  concurrency: number;
  /** Seconds the worker's lease on a job reaches ahead (the job is retried this long after the worker dies). */
  leaseSeconds: number;
  /** The worker's policy for every job. */
  policy: WorkerPolicy;
  /** Stops taking jobs; running ones finish first. */
  signal: AbortSignal;
  /** Where the worker logs (one line per job event). */
  log: (line: string) => void;
}

/**
 * Runs `concurrency` lanes, each fetching one job at a time from the solve queue and running it in
 * a job process (forked ahead, so it has loaded by the time a job comes), holding a lease on the job
 * while it runs. The worker completes a finished job with its output; a job process that dies is
 * failed at once (the queue retries it, up to RETRY_LIMIT times, from its checkpoint); a job whose
 * checkpoint database went away, or whose lease could not be renewed for a while, runs again in
 * place once the database answers, if the job is still this attempt's. Resolves when `signal`
 * aborts and the running jobs have ended.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, (_, lane) => runLane(options, lane + 1)));
}

async function runLane(options: WorkerOptions, lane: number): Promise<void> {
  const { boss, signal, log } = options;
  const processes = new JobProcesses();
  processes.warm();
  try {
    while (!signal.aborted) {
      let job: PgBoss.JobWithMetadata<unknown> | undefined;
      try {
        [job] = await boss.fetch<unknown>(SOLVE_QUEUE, { includeMetadata: true, batchSize: 1 });
      } catch (error) {
        log(`lane ${lane}: cannot fetch jobs (${(error as Error).message}); retrying`);
      }
      if (!job) {
        await sleep(POLL_SECONDS * 1000, undefined, { signal }).catch(() => undefined);
        continue;
      }
      await runOne(options, lane, job, processes);
    }
  } finally {
    processes.close();
  }
}

async function runOne(options: WorkerOptions, lane: number, job: PgBoss.JobWithMetadata<unknown>, processes: JobProcesses): Promise<void> {
  const { boss, log } = options;
  const attempt = job.retryCount + 1;
  const deadline = Date.now() + taskTimeoutOf(job.data) * 1000;
  const progressQueue = progressQueueOf(job.data);
  let sending: Promise<unknown> = Promise.resolve(); // one at a time, so the queue holds them in order
  let seq = 0;
  const report = (message: Unsent) => {
    if (!progressQueue) return;
    const sent = { jobId: job.id, attempt, seq: seq++, ...message };
    const send = () => boss.send(progressQueue, sent, { retentionMinutes: 60 }).catch(() => undefined);
    sending = sending.then(send);
  };
  const prefix = `lane ${lane}: job ${job.id}`;
  report({ event: "started" });
  for (let round = 0; ; round++) {
    const lease = keepLease(boss, job, options.leaseSeconds);
    const child = processes.take();
    log(`${prefix} ${labelOf(job.data)} attempt ${attempt}/${RETRY_LIMIT + 1}: pid ${child.pid ?? 0}`);
    const end = await runInProcess(child, {
      request: { jobId: job.id, data: job.data, checkpointerUrl: options.checkpointerUrl, policy: options.policy, deadline },
      attempt,
      leaseLost: lease.lost,
      onProgress: (event) => report({ event: "progress", progress: event }),
    });
    lease.stop();
    if ("leaseLost" in end && end.leaseLost === "taken") {
      log(`${prefix}: the queue gave this attempt up (expired or cancelled); its process was stopped`);
      return;
    }
    if ("storeDown" in end || "leaseLost" in end) {
      const why = "storeDown" in end ? "the checkpoint database is unreachable" : "the lease could not be renewed; its process was stopped";
      log(`${prefix}: ${why}; waiting for the database`);
      if (!(await stillHeld(boss, job, options.leaseSeconds))) {
        log(`${prefix}: meanwhile the queue gave this attempt up; leaving the job to the next one`);
        return;
      }
      if (round < STORE_RETRIES) {
        log(`${prefix}: running it again from its checkpoint`);
        continue;
      }
      await settle(log, `fail job ${job.id}`, () => boss.fail(SOLVE_QUEUE, job.id, { message: `${why} ${round + 1} times` }));
      log(`${prefix} failed: ${why} ${round + 1} times`);
      return;
    }
    await sending; // the run's last progress events reach its follower before its end does
    if ("output" in end) {
      await settle(log, `complete job ${job.id}`, () => boss.complete(SOLVE_QUEUE, job.id, end.output as object));
      log(`${prefix} done`);
    } else {
      const message = "refused" in end ? end.refused : end.died;
      await settle(log, `fail job ${job.id}`, () => boss.fail(SOLVE_QUEUE, job.id, { message }));
      log(`${prefix} failed: ${message}`);
    }
    return;
  }
}

/** Retries a queue call until the database takes it (a restart in progress), for at most ten minutes. */
async function settle(log: (line: string) => void, what: string, call: () => Promise<unknown>): Promise<void> {
  const until = Date.now() + 600_000;
  for (let wait = 1000; ; wait = Math.min(wait * 2, 15_000)) {
    try {
      await call();
      return;
    } catch (error) {
      if (Date.now() > until) {
        log(`cannot ${what}: ${(error as Error).message}; giving up (the job expires and is retried from its checkpoint)`);
        return;
      }
      log(`cannot ${what} yet (${(error as Error).message}); retrying`);
      await sleep(wait);
    }
  }
}

/** Waits until the queue database answers a query (asking every 2 s at most, so a lease still held is renewed in time). */
async function waitForDatabase(boss: Queue): Promise<void> {
  for (let wait = 500; ; wait = Math.min(wait * 2, 2000)) {
    try {
      await boss.getQueueSize(SOLVE_QUEUE);
      return;
    } catch {
      await sleep(wait);
    }
  }
}

/** Once the queue database answers: whether the job is still this attempt's (its lease renewed), or the queue gave it up. */
async function stillHeld(boss: Queue, job: PgBoss.JobWithMetadata<unknown>, leaseSeconds: number): Promise<boolean> {
  for (;;) {
    await waitForDatabase(boss);
    const held = await renewLease(boss, job, leaseSeconds);
    if (held !== null) return held;
  }
}

/** The task timeout a job names (the data is validated in the job process). */
function taskTimeoutOf(data: unknown): number {
  const seconds = (data as { taskTimeoutSeconds?: unknown } | null)?.taskTimeoutSeconds;
  return typeof seconds === "number" && seconds > 0 ? seconds : DEFAULT_TASK_TIMEOUT_SECONDS;
}

/** The progress queue a job names, if any (the data is validated in the job process). */
function progressQueueOf(data: unknown): string | null {
  const queue = (data as { progressQueue?: unknown } | null)?.progressQueue;
  return typeof queue === "string" && queue ? queue : null;
}

/** "penguins/pipeline" or "solve <taskDir>", for the log. */
function labelOf(data: unknown): string {
  const d = (data ?? {}) as { kind?: unknown; taskDir?: unknown; mode?: unknown; seed?: unknown };
  const dir = typeof d.taskDir === "string" ? d.taskDir : "?";
  if (d.kind === "bench") return `${dir.split("/").pop()}/${String(d.mode)}${d.seed ? `#${String(d.seed)}` : ""}`;
  return `solve ${dir}`;
}
