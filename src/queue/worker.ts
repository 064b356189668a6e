import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import type PgBoss from "pg-boss";
import type { Queue } from "./boss.js";
import type { WorkerPolicy } from "./handlers.js";
import type { ProgressMessage } from "./jobs.js";
import { DEFAULT_TASK_TIMEOUT_SECONDS, POLL_SECONDS, RETRY_LIMIT, SOLVE_QUEUE } from "./policy.js";
import { EXIT_STORE_DOWN, type JobReply, type JobRequest } from "./protocol.js";

/** The job process's entry point, and the TypeScript loader it runs under. */
const JOB_PROCESS = fileURLToPath(new URL("./job-process.ts", import.meta.url));
const TSX_LOADER = import.meta.resolve("tsx");

/** Times a job is run again in place after its checkpoint database went away, before it is failed. */
const STORE_RETRIES = 5;

/** How a worker runs. */
export interface WorkerOptions {
  /** The queue. */
  boss: Queue;
  /** The checkpoint database. */
  checkpointerUrl: string;
  /** Jobs run at once, each in its own process. */
  concurrency: number;
  /** The worker's policy for every job. */
  policy: WorkerPolicy;
  /** Stops taking jobs; running ones finish first. */
  signal: AbortSignal;
  /** Where the worker logs (one line per job event). */
  log: (line: string) => void;
}

/** How one job process ended. */
type ProcessEnd = { output: unknown } | { refused: string } | { storeDown: true } | { died: string };

/**
 * Runs `concurrency` lanes, each fetching one job at a time from the solve queue and running it in
 * a job process. The worker completes a finished job with its output; a job process that dies is
 * failed at once (the queue retries it, up to RETRY_LIMIT times, from its checkpoint); a job whose
 * checkpoint database went away runs again in place once the database answers. Resolves when
 * `signal` aborts and the running jobs have ended.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, (_, lane) => runLane(options, lane + 1)));
}

async function runLane(options: WorkerOptions, lane: number): Promise<void> {
  const { boss, signal, log } = options;
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
    await runOne(options, lane, job);
  }
}

async function runOne(options: WorkerOptions, lane: number, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
  const { boss, log } = options;
  const attempt = job.retryCount + 1;
  const deadline = Date.now() + taskTimeoutOf(job.data) * 1000; // the job expires 5 s after this
  const progressQueue = progressQueueOf(job.data);
  let sending: Promise<unknown> = Promise.resolve(); // one at a time, so they arrive in order
  const report = (message: Omit<ProgressMessage, "jobId">) => {
    if (!progressQueue) return;
    const send = () => boss.send(progressQueue, { jobId: job.id, ...message }, { retentionMinutes: 60 }).catch(() => undefined);
    sending = sending.then(send);
  };
  report({ event: "started", detail: String(attempt), fixAttempts: 0 });
  for (let round = 0; ; round++) {
    const end = await runProcess(
      options,
      job,
      deadline,
      (reply) => report({ event: "node", detail: reply.node, fixAttempts: reply.fixAttempts }),
      (pid) => log(`lane ${lane}: job ${job.id} ${labelOf(job.data)} attempt ${attempt}/${RETRY_LIMIT + 1}: pid ${pid}`),
    );
    if ("storeDown" in end && round < STORE_RETRIES) {
      log(`lane ${lane}: job ${job.id}: the checkpoint database is unreachable; running it again from its checkpoint once it answers`);
      await waitForDatabase(boss);
      continue;
    }
    if ("output" in end) {
      await settle(log, `complete job ${job.id}`, () => boss.complete(SOLVE_QUEUE, job.id, end.output as object));
      log(`lane ${lane}: job ${job.id} done`);
    } else {
      const message = "refused" in end ? end.refused : "died" in end ? end.died : "the checkpoint database stayed unreachable";
      await settle(log, `fail job ${job.id}`, () => boss.fail(SOLVE_QUEUE, job.id, { message }));
      log(`lane ${lane}: job ${job.id} failed: ${message}`);
    }
    return;
  }
}

/** Runs one attempt of a job in a job process and says how it ended. */
function runProcess(
  options: WorkerOptions,
  job: PgBoss.JobWithMetadata<unknown>,
  deadline: number,
  onNode: (reply: Extract<JobReply, { type: "node" }>) => void,
  onStart: (pid: number) => void,
): Promise<ProcessEnd> {
  const child: ChildProcess = fork(JOB_PROCESS, [], { execArgv: ["--import", TSX_LOADER], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  onStart(child.pid ?? 0);
  let reply: ProcessEnd | null = null;
  child.on("message", (message: JobReply) => {
    if (message.type === "node") onNode(message);
    else if (message.type === "done") reply = { output: message.output };
    else reply = { refused: message.message };
  });
  const request: JobRequest = { jobId: job.id, data: job.data, checkpointerUrl: options.checkpointerUrl, policy: options.policy, deadline };
  child.send(request);
  return new Promise((done) => {
    child.once("exit", (code, signal) => {
      if (reply) done(reply);
      else if (code === EXIT_STORE_DOWN) done({ storeDown: true });
      else done({ died: `the job process died (${signal ? `signal ${signal}` : `exit code ${code}`}) on attempt ${job.retryCount + 1}` });
    });
  });
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

/** Waits until the queue database answers a query. */
async function waitForDatabase(boss: Queue): Promise<void> {
  for (let wait = 500; ; wait = Math.min(wait * 2, 10_000)) {
    try {
      await boss.getQueueSize(SOLVE_QUEUE);
      return;
    } catch {
      await sleep(wait);
    }
  }
}

/** The task timeout a job names (the data is validated in the job process; the job's expiry is the fallback). */
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
