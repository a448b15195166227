const UNITS: ReadonlyArray<readonly [string, number]> = [
  ["d", 24 * 60 * 60 * 1000],
  ["h", 60 * 60 * 1000],
  ["m", 60 * 1000],
];

/** The age of a timestamp in its largest whole unit: "45s", "3m", "2h", "5d". */
export function formatAge(created: string, now: Date): string {
  const at = Date.parse(created);
  if (!Number.isFinite(at)) return "?";
  const ms = Math.max(0, now.getTime() - at);
  for (const [unit, size] of UNITS) {
    if (ms >= size) return `${Math.floor(ms / size)}${unit}`;
  }
  return `${Math.floor(ms / 1000)}s`;
}
