import { existsSync } from "node:fs";
import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { CHECKPOINT_DB } from "./run-record.js";

/** Opens (creating) the SQLite checkpoint database of a run directory. */
export async function openRunCheckpointer(runDir: string): Promise<SqliteSaver> {
  await mkdir(runDir, { recursive: true });
  return SqliteSaver.fromConnString(join(runDir, CHECKPOINT_DB));
}

/** Whether the run directory's checkpoint database holds a checkpoint of the thread. */
export async function hasCheckpoint(checkpointer: SqliteSaver, threadId: string): Promise<boolean> {
  return (await checkpointer.getTuple({ configurable: { thread_id: threadId } })) !== undefined;
}

/** The thread ids the run directory's checkpoint database holds (none when it does not exist). */
export async function checkpointThreads(runDir: string): Promise<string[]> {
  if (!existsSync(join(runDir, CHECKPOINT_DB))) return [];
  const checkpointer = await openRunCheckpointer(runDir);
  try {
    const threads = new Set<string>();
    for await (const tuple of checkpointer.list({})) {
      const id = tuple.config.configurable?.thread_id;
      if (typeof id === "string") threads.add(id);
    }
    return [...threads];
  } finally {
    checkpointer.db.close();
  }
}
