import { BatonError } from "../core/errors.ts";
import type { Handoff } from "../core/handoff.ts";
import type { HandoffStore } from "./open-store.ts";
import { scanHandoffs } from "./scan-handoffs.ts";

/**
 * This session's newest handoff, whatever its status: the one the new handoff continues.
 * Found by the frontmatter alone, so a long archive costs a directory read, not a parse
 * of every document in it.
 */
export async function previousOfSession(
  store: HandoffStore,
  sessionId: string,
): Promise<Handoff | null> {
  const [newest] = [...scanHandoffs(store.dir), ...scanHandoffs(store.archiveDir)]
    .filter((head) => head.sourceSession === sessionId)
    .sort((a, b) => (b.created ?? "").localeCompare(a.created ?? ""));
  if (newest === undefined) return null;
  try {
    return (await store.get(newest.id)).handoff;
  } catch (error) {
    if (!BatonError.is(error)) throw error;
    return null;
  }
}
