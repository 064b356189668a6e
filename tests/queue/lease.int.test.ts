/**
 * A worker's lease on a job, on a real PostgreSQL (Debian's packages) with pg-boss's own tables:
 * a renewal moves the job's expiry, finds the job gone once another attempt has it, and the lease
 * goes stale when the database stops answering.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { closeQueue, openQueue, type Queue } from "../../src/queue/boss.js";
import { keepLease, renewLease } from "../../src/queue/lease.js";
import { SOLVE_QUEUE, solveJobOptions } from "../../src/queue/policy.js";
import { startPostgres, type Postgres } from "../helpers/postgres.js";

describe("job leases (real PostgreSQL)", () => {
  let postgres: Postgres | null = null;
  let boss: Queue | null = null;
  let unavailable = "";
  beforeAll(async () => {
    postgres = await startPostgres().catch((error: Error) => {
      unavailable = `skipping: PostgreSQL cannot start here: ${error.message}`;
      return null;
    });
    if (postgres) boss = await openQueue(postgres.url, () => undefined);
  }, 60_000);
  afterAll(async () => {
    if (boss) await closeQueue(boss);
    await postgres?.stop();
  });

  /** Sends a job and fetches it, as a worker does. */
  const take = async (queue: Queue): Promise<PgBoss.JobWithMetadata<unknown>> => {
    await queue.send(SOLVE_QUEUE, { kind: "test" }, solveJobOptions(crypto.randomUUID()));
    const [job] = await queue.fetch<unknown>(SOLVE_QUEUE, { includeMetadata: true, batchSize: 1 });
    return job;
  };
  const expirySeconds = (id: string) =>
    Number(postgres!.sql(`select extract(epoch from started_on + expire_in - now()) from pgboss.job where id = '${id}'`));

  it("moves the expiry of the attempt it holds, and no other", async (ctx) => {
    if (!boss) return ctx.skip(unavailable);
    const job = await take(boss);
    expect(expirySeconds(job.id)).toBeLessThanOrEqual(30);
    expect(await renewLease(boss, job, 600)).toBe(true);
    expect(expirySeconds(job.id)).toBeGreaterThan(590);
    expect(await renewLease(boss, { id: job.id, retryCount: job.retryCount + 1 }, 600)).toBe(false);
    await boss.complete(SOLVE_QUEUE, job.id);
    expect(await renewLease(boss, job, 600)).toBe(false);
  });

  it("is lost as taken once the queue gives the attempt up", async (ctx) => {
    if (!boss) return ctx.skip(unavailable);
    const job = await take(boss);
    const lease = keepLease(boss, job, 5);
    await boss.fail(SOLVE_QUEUE, job.id, { message: "given up" }); // retried: a new attempt's
    expect(await lease.lost).toBe("taken");
    lease.stop();
  });

  it("goes stale while the database does not answer, before the lease can run out", { timeout: 60_000 }, async (ctx) => {
    if (!boss || !postgres) return ctx.skip(unavailable);
    const job = await take(boss);
    const lease = keepLease(boss, job, 5);
    let stoppedAt = 0;
    let answer: boolean | null | undefined;
    const restarted = postgres.restart(6000, () => {
      stoppedAt = Date.now();
      void renewLease(boss!, job, 5).then((held) => (answer = held));
    });
    expect(await lease.lost).toBe("stale");
    expect(stoppedAt).toBeGreaterThan(0);
    expect((Date.now() - stoppedAt) / 1000).toBeLessThan(5);
    await restarted;
    expect(answer).toBeNull();
    lease.stop();
  });
});
