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
