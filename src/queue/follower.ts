import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Queue } from "./boss.js";
import type { ProgressEvent } from "../types/progress-events.js";
import { ProgressMessageSchema } from "./jobs.js";
import { SOLVE_QUEUE } from "./policy.js";

/** How a followed job ended in the queue. */
export interface JobEnd {
  /** pg-boss's final state. */
  state: "completed" | "failed" | "cancelled";
  /** The job's output: the worker's result, or pg-boss's failure payload. */
  output: unknown;
  /** Attempts made. */
  attempts: number;
}

/** What a follower tells about one job. */
export interface JobWatch {
  /** A worker took the job (attempt counts from 1). */
  started?: (attempt: number) => void;
  /** One of the run's progress events (stdout lines excepted). */
  event?: (event: ProgressEvent) => void;
}

/** How often the follower asks the queue for job states and progress. */
const FOLLOW_SECONDS = 1;

/** Progress messages read from the queue at once. */
const PROGRESS_BATCH = 500;

/**
 * Follows jobs through the queue: their states (polled) and their progress events (read from a
 * progress queue of this follower's own, which workers send to). A queue that does not answer
 * (a database restart) is reported once and asked again; nothing is lost, since a job's result
 * stays in the queue until it is read.
 */
export class JobFollower {
  /** The progress queue workers report this follower's jobs to. */
  readonly progressQueue = `linguacodus-progress-${randomUUID()}`;
  private readonly watched = new Map<string, { watch: JobWatch; started: boolean; done: (end: JobEnd) => void }>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  private unreachable = false;

  constructor(
    private readonly boss: Queue,
    /** Where the follower says that the queue stopped or started answering. */
    private readonly note: (message: string) => void,
  ) {}

  /** Creates the progress queue and starts following. */
  async start(): Promise<void> {
    await this.boss.createQueue(this.progressQueue, { name: this.progressQueue, retentionMinutes: 60 });
    this.loop = this.run();
  }

  /** Follows one job until it ends. */
  follow(jobId: string, watch: JobWatch): Promise<JobEnd> {
    return new Promise((done) => this.watched.set(jobId, { watch, started: false, done }));
  }

  /** Stops following and deletes the progress queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.boss.deleteQueue(this.progressQueue).catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.readProgress();
        const ended = await this.pollStates();
        if (ended.length > 0) await this.readProgress(); // its worker sent a job's last events before it ended it
        for (const [id, end] of ended) {
          this.watched.get(id)?.done(end);
          this.watched.delete(id);
        }
        if (this.unreachable) this.note("the queue answers again");
        this.unreachable = false;
      } catch (error) {
        if (!this.unreachable) this.note(`the queue does not answer (${(error as Error).message}); asking again`);
        this.unreachable = true;
      }
      await sleep(FOLLOW_SECONDS * 1000);
    }
  }

  /** Reads the progress queue to its end, in batches, telling each watched job's messages in the order they were sent. */
  private async readProgress(): Promise<void> {
    while (await this.readBatch());
  }

  /** Reads one batch of the progress queue; whether it was full (more may wait). */
  private async readBatch(): Promise<boolean> {
    const messages = await this.boss.fetch<unknown>(this.progressQueue, { batchSize: PROGRESS_BATCH });
    if (messages.length === 0) return false;
    const parsed = messages.flatMap((message) => {
      const read = ProgressMessageSchema.safeParse(message.data);
      return read.success ? [read.data] : [];
    });
    // Each job's messages in the order its attempts sent them (a fetched batch comes in no set order).
    parsed.sort((a, b) => a.jobId.localeCompare(b.jobId) || a.attempt - b.attempt || a.seq - b.seq);
    for (const message of parsed) {
      const entry = this.watched.get(message.jobId);
      if (!entry) continue;
      if (message.event === "started") {
        entry.started = true;
        entry.watch.started?.(message.attempt);
      } else entry.watch.event?.(message.progress);
    }
    await this.boss.deleteJob(
      this.progressQueue,
      messages.map((m) => m.id),
    );
    return messages.length === PROGRESS_BATCH;
  }

  /** Asks the queue for the watched jobs' states: tells the starts; returns the ends. */
  private async pollStates(): Promise<Array<[string, JobEnd]>> {
    const ended: Array<[string, JobEnd]> = [];
    for (const [id, entry] of [...this.watched]) {
      const job = await this.boss.getJobById<unknown>(SOLVE_QUEUE, id, { includeArchive: true });
      if (!job) continue;
      if (job.state === "active" && !entry.started) {
        entry.started = true;
        entry.watch.started?.(job.retryCount + 1);
      }
      if (job.state === "completed" || job.state === "failed" || job.state === "cancelled")
        ended.push([id, { state: job.state, output: job.output, attempts: job.retryCount + 1 }]);
    }
    return ended;
  }
}
