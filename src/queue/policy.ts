/**
 * The queue's settings, chosen deliberately (docs/deploy.md, "N workers on N machines"):
 *
 * - pg-boss 10 has no heartbeat: a job counts as lost only when it has been `active` longer than
 *   its expiry. The worker running a job keeps that expiry a lease ahead (src/queue/lease.ts), so a
 *   job whose worker died expires one lease after the worker's last renewal (at most one
 *   maintenance interval later it is retried, and the retry continues from the last checkpoint).
 * - A job process that dies while its worker lives (crash, OOM kill, SIGKILL) is failed by the worker
 *   right away, without waiting for the lease to run out.
 * - The worker bounds every run by the job's task timeout (the run ends `timeout`, graded) and
 *   kills a job process still running DEADLINE_GRACE_SECONDS after it.
 * - Every failure counts one attempt: 1 + RETRY_LIMIT attempts, then the job ends `failed`.
 */

/** The pg-boss queue the solve jobs go through. */
export const SOLVE_QUEUE = "linguacodus-solve";

/** Retries after the first attempt (3 attempts in all). */
export const RETRY_LIMIT = 2;

/** Seconds before a retry: none, since a retry continues from its checkpoint rather than redoing work. */
export const RETRY_DELAY_SECONDS = 0;

/** Task timeout of a queued job when none is given. */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 3600;

/** A worker's default lease on the job it runs (`worker --lease`), and a job's expiry when sent (before a worker renews it). */
export const LEASE_SECONDS = 30;

/** The shortest lease a worker accepts (renewed every fifth of it, a shorter one would be lost to a slow query). */
export const MIN_LEASE_SECONDS = 5;

/** Seconds a job process may run past its task timeout (grading, writing the result) before its worker kills it. */
export const DEADLINE_GRACE_SECONDS = 5;

/** How often some pg-boss instance (worker or follower) fails expired jobs, archives and drops old ones. */
export const MAINTENANCE_SECONDS = 5;

/** How often an idle worker lane asks for a job. */
export const POLL_SECONDS = 1;

/** Days finished jobs (and their results) are kept before pg-boss deletes them. */
export const RETENTION_DAYS = 14;

/** pg-boss's send options of a solve job: its id, the retry policy, and the lease as its first expiry. */
export function solveJobOptions(id: string) {
  return { id, retryLimit: RETRY_LIMIT, retryDelay: RETRY_DELAY_SECONDS, retryBackoff: false, expireInSeconds: LEASE_SECONDS };
}
