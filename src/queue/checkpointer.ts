import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { CheckpointStoreError } from "../run/checkpoint-store-error.js";
import { createPostgresCheckpointer } from "../run/postgres-checkpointer.js";

/**
 * Opens the Postgres checkpointer of a worker's jobs. Every failed read or write becomes a
 * CheckpointStoreError, so a run that loses its database is retried from its last checkpoint
 * instead of being recorded as a crash.
 */
export async function openJobCheckpointer(url: string): Promise<PostgresSaver> {
  const saver = PostgresSaver.fromConnString(url);
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      call(...args).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        throw new CheckpointStoreError(`checkpoint database: ${message}`, { cause: error });
      });
  // A connection the server drops (a restart) reports an error event, on the pool when idle and on
  // the client when checked out; unheard, either would crash the process. Both are heard from the
  // first connection on (the tables' setup below opens one that later queries reuse). The query in
  // flight fails (guarded below) and the next one opens a new connection.
  const pool = saver["pool"];
  pool.on("error", () => undefined);
  pool.on("connect", (client: { on(event: "error", listener: () => void): unknown }) => client.on("error", () => undefined));
  try {
    await saver.setup();
  } catch (error) {
    await saver.end().catch(() => undefined);
    throw error;
  }
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
