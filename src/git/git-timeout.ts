/**
 * git's time limit from `BATON_GIT_TIMEOUT_MS` (for a machine too loaded for baton's
 * defaults), or `fallback` when it is unset or not a positive whole number.
 */
export function gitTimeoutMs(
  env: Readonly<Record<string, string | undefined>> | undefined,
  fallback: number,
): number {
  const given = Number(env?.BATON_GIT_TIMEOUT_MS);
  return Number.isSafeInteger(given) && given > 0 ? given : fallback;
}
