import type { BenchRunner } from "../bench/runner.js";
import { queueRunner } from "./bench-runner.js";
import { closeQueue, openQueue, type Queue } from "./boss.js";
import { JobFollower } from "./follower.js";

/** A connection to the queue that sends jobs and follows them. */
export interface QueueClient {
  /** The pg-boss client. */
  boss: Queue;
  /** Follows the jobs sent. */
  follower: JobFollower;
  /** Stops following and disconnects. */
  close(): Promise<void>;
}

/** Connects to the queue and starts following (`note` gets the queue's troubles, e.g. a database restart). */
export async function openQueueClient(url: string, note: (message: string) => void): Promise<QueueClient> {
  const boss = await openQueue(url, (error) => note(`queue: ${error.message}`));
  const follower = new JobFollower(boss, note);
  try {
    await follower.start();
  } catch (error) {
    await closeQueue(boss);
    throw error;
  }
  return {
    boss,
    follower,
    async close() {
      await follower.stop();
      await closeQueue(boss);
    },
  };
}

/** A bench runner on the queue at `url`, and how to close it; `signal` stops following (the jobs stay queued). */
export async function openQueuedRunner(
  url: string,
  signal: AbortSignal,
  note: (message: string) => void,
): Promise<{ runner: BenchRunner; close(): Promise<void> }> {
  const client = await openQueueClient(url, note);
  return { runner: queueRunner(client.boss, client.follower, signal), close: () => client.close() };
}
