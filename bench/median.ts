/**
 * The middle of a bench's rounds (the upper middle of an even count): one slow round on a
 * shared machine does not move it.
 */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
