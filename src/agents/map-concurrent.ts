/**
 * `Promise.all(items.map(fn))` with at most `limit` calls running at once, results in the
 * items' order. A listing reads thousands of sessions whole: all at once, each holds its read
 * buffers and half-built session at the same time (2,000 small sessions took 2.4 GB).
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** How many sessions a listing reads at once: enough to keep the disk and the CPU busy. */
export const LISTING_CONCURRENCY = 8;
