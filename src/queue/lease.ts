import { QUEUE_SCHEMA, type Queue } from "./boss.js";
import { SOLVE_QUEUE } from "./policy.js";

/** Why a worker stopped holding a job: another attempt has it (taken), or no renewal got through for too long (stale). */
export type LeaseLoss = "taken" | "stale";

/** The attempt of a job a lease is about. */
export interface LeasedJob {
  /** The job id. */
  id: string;
  /** pg-boss's retry count when the worker fetched it (one per attempt). */
  retryCount: number;
}

/** A lease a worker keeps on the job it runs; `lost` resolves if it stops holding it. */
export interface Lease {
  /** Resolves when the job is taken from this attempt, or when the lease may have run out unrenewed. */
  lost: Promise<LeaseLoss>;
  /** Stops renewing. */
  stop(): void;
}

// pg-boss 10 has no heartbeat (its expiry is fixed at send); the renewal moves the expiry of this
// attempt (state active, same retry count) to `seconds` from now, on pg-boss's own job table.
const RENEW = `UPDATE ${QUEUE_SCHEMA}.job SET expire_in = (now() - started_on) + $4 * interval '1 second'
  WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3 RETURNING id`;

/**
 * Renews a job's lease once: true while the job is still this attempt's and active, false once it
 * is not (pg-boss expired and retried it, or it was cancelled), null when the database does not answer.
 */
export async function renewLease(boss: Queue, job: LeasedJob, seconds: number): Promise<boolean | null> {
  try {
    const { rows } = await boss.getDb().executeSql(RENEW, [SOLVE_QUEUE, job.id, job.retryCount, seconds]);
    return rows.length === 1;
  } catch {
    return null;
  }
}

/**
 * Keeps a job's lease `seconds` ahead, renewing it every fifth of that, so pg-boss's maintenance
 * expires (and retries) the job soon after its worker dies rather than after its task timeout.
 * `lost` resolves "taken" when a renewal finds the job no longer this attempt's, and "stale" when
 * no renewal got through for `seconds` minus two renewal periods: the lease may then run out before
 * the database answers again, so the worker stops the attempt before another one can start.
 */
export function keepLease(boss: Queue, job: LeasedJob, seconds: number): Lease {
  const every = (seconds * 1000) / 5;
  let held = Date.now(); // when the last renewal that got through was sent
  let inFlight = false;
  let settle: (loss: LeaseLoss) => void = () => undefined;
  const lost = new Promise<LeaseLoss>((done) => (settle = done));
  const end = (loss: LeaseLoss) => {
    clearInterval(timer);
    settle(loss);
  };
  const tick = () => {
    if (Date.now() - held > seconds * 1000 - 2 * every) return end("stale");
    if (inFlight) return;
    inFlight = true;
    const sent = Date.now();
    void renewLease(boss, job, seconds).then((ours) => {
      inFlight = false;
      if (ours === true) held = sent;
      else if (ours === false) end("taken");
    });
  };
  const timer = setInterval(tick, every);
  tick();
  return { lost, stop: () => clearInterval(timer) };
}
