/** An InMemoryStore that counts the operations it serves, to prove what a run read and wrote. */
import { InMemoryStore, type Operation, type OperationResults } from "@langchain/langgraph";

/** Counts reads (get, search, list) and writes (put, delete) across batches. */
export class CountingStore extends InMemoryStore {
  /** Read operations served. */
  reads = 0;
  /** Write operations served. */
  writes = 0;

  override async batch<Op extends readonly Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    for (const op of operations) {
      if ("value" in op) this.writes++;
      else this.reads++;
    }
    return super.batch(operations);
  }
}
