import { PostgresStore } from "@langchain/langgraph-checkpoint-postgres/store";

/** Where the store tables live. */
export interface PostgresExperienceStoreOptions {
  /** Postgres schema of the store tables (default "public"; created when missing). */
  schema?: string;
}

/**
 * Opens LangGraph's Postgres store for experience memory, on the database a Postgres checkpointer
 * uses (`linguacodusBuilder.compile({ checkpointer, store })`), and creates or migrates its tables.
 * No vector index: experiences are retrieved with BM25. Close it with `stop()`.
 */
export async function createPostgresExperienceStore(
  connString: string,
  options: PostgresExperienceStoreOptions = {},
): Promise<PostgresStore> {
  const store = PostgresStore.fromConnString(connString, { schema: options.schema ?? "public" });
  try {
    await store.setup();
  } catch (error) {
    await store.stop();
    throw error;
  }
  return store;
}
