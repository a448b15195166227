import type { SessionFilter, SessionPeek, SessionRef } from "./agent-reader.ts";
import { isWithin } from "./is-within.ts";

/**
 * The sessions a folder filter keeps, judged by the cwd at each session's head (a few
 * records read), so that listing one folder's sessions does not read every transcript.
 */
export async function withinFolder(
  refs: SessionRef[],
  filter: SessionFilter,
  peek: (location: string) => Promise<SessionPeek>,
): Promise<SessionRef[]> {
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
