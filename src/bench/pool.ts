/**
 * Runs `worker` over `items` with at most `concurrency` at a time, in order of `items`; stops
 * taking new items once `signal` aborts. Resolves when every started item has settled; a worker
 * that throws rejects the pool only after the others have settled.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++];
      try {
        await worker(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (errors.length) throw errors[0];
}
