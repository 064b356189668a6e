import PgBoss from "pg-boss";
import { MAINTENANCE_SECONDS, POLL_SECONDS, RETENTION_DAYS, RETRY_DELAY_SECONDS, RETRY_LIMIT, SOLVE_QUEUE } from "./policy.js";

/** A started pg-boss client with the solve queue created. */
export type Queue = PgBoss;

/** The Postgres schema of pg-boss's tables. */
export const QUEUE_SCHEMA = "pgboss";

/**
 * Connects to the queue database, creating or migrating pg-boss's schema (`pgboss`) and the solve
 * queue (both idempotent), and starts maintenance (expiry of lost jobs) in this process. Errors
 * pg-boss reports in the background (a database restart) go to `onError` instead of crashing.
 */
export async function openQueue(url: string, onError: (error: Error) => void): Promise<Queue> {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    application_name: "linguacodus",
    max: 4,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
    pollingIntervalSeconds: POLL_SECONDS,
    deleteAfterDays: RETENTION_DAYS,
    retentionDays: RETENTION_DAYS,
    schedule: false,
  });
  boss.on("error", onError);
  try {
    await boss.start();
    await boss.createQueue(SOLVE_QUEUE, {
      name: SOLVE_QUEUE,
      retryLimit: RETRY_LIMIT,
      retryDelay: RETRY_DELAY_SECONDS,
      retryBackoff: false,
    });
  } catch (error) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    throw new Error(`cannot open the job queue at ${redact(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return boss;
}

/** Stops a pg-boss client without failing the jobs other workers hold. */
export async function closeQueue(boss: Queue): Promise<void> {
  await boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
}

/** A connection string with its password hidden, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@");
}
