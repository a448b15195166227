import type { SessionFilter, SessionPeek, SessionRef } from "./agent-reader.ts";
import { isWithin } from "./is-within.ts";

/**
 * The sessions a filter keeps: those it names (`locations`), and of them those recorded in
 * its folder, judged by the cwd at each session's head (a few records read), so that
 * listing one folder's sessions does not read every transcript.
 */
export async function withinFolder(
  all: SessionRef[],
  filter: SessionFilter,
  peek: (location: string) => Promise<SessionPeek>,
): Promise<SessionRef[]> {
  const only = filter.locations;
  const refs = only === undefined ? all : all.filter((ref) => only.has(ref.location));
  const cwd = filter.cwd;
  if (cwd === undefined) return refs;
  const kept = await Promise.all(
    refs.map(async (ref) => {
      const head = await peek(ref.location).catch(() => null);
      return head !== null && isWithin(head.cwd, cwd) ? ref : null;
    }),
  );
  return kept.filter((ref) => ref !== null);
}
