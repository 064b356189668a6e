import type { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { createPostgresCheckpointer } from "../run/postgres-checkpointer.js";

/** The checkpoint database failed a read or write (it restarted, or the network dropped): the run is not at fault. */
export class CheckpointStoreError extends Error {
  override readonly name = "CheckpointStoreError";
}

/** Whether an error is, or was caused by, a CheckpointStoreError. */
export function isCheckpointStoreError(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof CheckpointStoreError) return true;
  }
  return false;
}

/**
 * Opens the Postgres checkpointer of a worker's jobs. Every failed read or write becomes a
 * CheckpointStoreError, so a run that loses its database is retried from its last checkpoint
 * instead of being recorded as a crash.
 */
export async function openJobCheckpointer(url: string): Promise<PostgresSaver> {
  const saver = await createPostgresCheckpointer(url);
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      call(...args).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        throw new CheckpointStoreError(`checkpoint database: ${message}`, { cause: error });
      });
  // A connection the server drops (a restart) reports an error event, on the pool when idle and on
  // the client when checked out; unheard, either would crash the process. The query in flight fails
  // (guarded below) and the next one opens a new connection.
  const pool = saver["pool"];
  pool.on("error", () => undefined);
  pool.on("connect", (client: { on(event: "error", listener: () => void): unknown }) => client.on("error", () => undefined));
  saver.getTuple = guard(saver.getTuple.bind(saver));
  saver.put = guard(saver.put.bind(saver));
  saver.putWrites = guard(saver.putWrites.bind(saver));
  return saver;
}

/**
 * Creates or migrates the checkpoint tables before a worker starts. Workers starting together may
 * collide in the first migration; the loser tries again and finds the tables made.
 */
export async function prepareCheckpoints(url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await (await createPostgresCheckpointer(url)).end();
      return;
    } catch (error) {
      if (attempt >= 3) throw new Error(`cannot set up the checkpoint tables: ${(error as Error).message}`);
      await new Promise((done) => setTimeout(done, 500 * attempt));
    }
  }
}
