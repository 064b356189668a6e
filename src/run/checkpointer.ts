import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { CHECKPOINT_DB } from "./run-record.js";

/** Opens (creating) the SQLite checkpoint database of a run directory. */
export async function openRunCheckpointer(runDir: string): Promise<SqliteSaver> {
  await mkdir(runDir, { recursive: true });
  return SqliteSaver.fromConnString(join(runDir, CHECKPOINT_DB));
}
