import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";

/** Where the checkpoint tables live. */
export interface PostgresCheckpointerOptions {
  /** Postgres schema of the checkpoint tables (default "public"; created when missing). */
  schema?: string;
}

/**
 * Opens a Postgres checkpointer for the Linguacodus graph (`linguacodusBuilder.compile({ checkpointer })`)
 * and creates or migrates its tables. Idempotent on a migrated database; two processes migrating an
 * empty one at the same instant can collide, so let one process set it up first. Close it with `end()`.
 */
export async function createPostgresCheckpointer(connString: string, options: PostgresCheckpointerOptions = {}): Promise<PostgresSaver> {
  const checkpointer = PostgresSaver.fromConnString(connString, options);
  try {
    await checkpointer.setup();
  } catch (error) {
    await checkpointer.end();
    throw error;
  }
  return checkpointer;
}
