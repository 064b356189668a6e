/**
 * The queue's settings, chosen deliberately (docs/deploy.md, "N workers on N machines"):
 *
 * - pg-boss 10 has no heartbeat: a job counts as lost only when it has been `active` longer than
 *   its expiry. A worker bounds every run by the job's task timeout, so a live worker always ends
 *   (and grades) its job before it expires; the expiry is that timeout plus a grace for grading and
 *   reporting. A worker that dies is noticed when its job expires, at most one maintenance interval
 *   later; the job is then retried at once, and the retry continues from the last checkpoint.
 * - A job process that dies while its worker lives (crash, OOM kill, SIGKILL) is failed by the worker
 *   right away, without waiting for the expiry.
 * - Every failure counts one attempt: 1 + RETRY_LIMIT attempts, then the job ends `failed`.
 */

/** The pg-boss queue the solve jobs go through. */
export const SOLVE_QUEUE = "linguacodus-solve";

/** Retries after the first attempt (3 attempts in all). */
export const RETRY_LIMIT = 2;

/** Seconds before a retry: none, since a retry continues from its checkpoint rather than redoing work. */
export const RETRY_DELAY_SECONDS = 0;

/** Task timeout of a queued job when none is given (pg-boss caps expiry below 24 hours). */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 3600;

/** Seconds a job may stay active past its task timeout: grading, writing the result, completing. */
export const EXPIRY_GRACE_SECONDS = 5;

/** How often some pg-boss instance (worker or follower) fails expired jobs, archives and drops old ones. */
export const MAINTENANCE_SECONDS = 5;

/** How often an idle worker lane asks for a job. */
export const POLL_SECONDS = 1;

/** Days finished jobs (and their results) are kept before pg-boss deletes them. */
export const RETENTION_DAYS = 14;

/** The expiry of a job with this task timeout. */
export function expireInSeconds(taskTimeoutSeconds: number): number {
  return Math.ceil(taskTimeoutSeconds) + EXPIRY_GRACE_SECONDS;
}
