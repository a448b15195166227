import { BatonError } from "../core/errors.ts";
import type { HandoffStore, StoreEntry } from "../store/open-store.ts";

/** The newest open handoff, of this branch first: what the tools take when none is named. */
export async function newestOpen(store: HandoffStore, branch: string | null): Promise<StoreEntry> {
  const open: StoreEntry[] = [];
  for (const entry of await store.list()) {
    if (entry.ok && entry.handoff.status === "open") {
      open.push({
        id: entry.id,
        path: entry.path,
        archived: entry.archived,
        handoff: entry.handoff,
      });
    }
  }
  const newest = open.find((entry) => entry.handoff.branch === branch) ?? open[0];
  if (newest === undefined) throw new BatonError("not-found", `no open handoff in ${store.dir}`);
  return newest;
}
