/**
 * A follower reading a job's progress through a real PostgreSQL (Debian's packages) with pg-boss's
 * own tables: every event the worker sent, in the order sent (a fetched batch comes back in no set
 * order), the last ones before the job's end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeQueue, openQueue, type Queue } from "../../src/queue/boss.js";
import { JobFollower } from "../../src/queue/follower.js";
import type { ProgressMessage } from "../../src/queue/jobs.js";
import { SOLVE_QUEUE, solveJobOptions } from "../../src/queue/policy.js";
import { postgresForSuite } from "../helpers/postgres.js";

describe("a job follower (real PostgreSQL)", () => {
  const pg = postgresForSuite();
  let boss: Queue | null = null;
  beforeAll(async () => {
    if (pg.server) boss = await openQueue(pg.server.url, () => undefined);
  });
  afterAll(async () => {
    if (boss) await closeQueue(boss);
  });

  it("tells a job's progress events in the order they were sent, all of them before the job's end", { timeout: 60_000 }, async (ctx) => {
    if (!boss) return ctx.skip(pg.unavailable);
    const queue = boss;
    const follower = new JobFollower(queue, () => undefined);
    await follower.start();
    try {
      const id = crypto.randomUUID();
      await queue.send(SOLVE_QUEUE, { kind: "test" }, solveJobOptions(id));
      const [job] = await queue.fetch<unknown>(SOLVE_QUEUE, { batchSize: 1 });
      expect(job.id).toBe(id);
      const told: string[] = [];
      const ended = follower.follow(id, {
        started: (attempt) => told.push(`started ${attempt}`),
        event: (event) => told.push(event.event === "node-start" ? event.node : event.event),
      });
      // As a worker sends them: one after the other, then the job's end.
      const sent: ProgressMessage[] = [{ jobId: id, attempt: 1, seq: 0, event: "started" }];
      for (let i = 1; i <= 300; i++)
        sent.push({ jobId: id, attempt: 1, seq: i, event: "progress", progress: { event: "node-start", node: `n${i}`, fixAttempts: 0 } });
      for (const message of sent) await queue.send(follower.progressQueue, message);
      await queue.complete(SOLVE_QUEUE, id, { done: true });
      const end = await ended;
      expect(end).toMatchObject({ state: "completed", attempts: 1 });
      expect(told).toEqual(["started 1", ...Array.from({ length: 300 }, (_, i) => `n${i + 1}`)]);
    } finally {
      await follower.stop();
    }
  });
});
