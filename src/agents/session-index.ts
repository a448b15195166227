import type { AgentReader, ReaderContext, SessionInfo, SessionRef } from "./agent-reader.ts";

/** What a listing index remembers of one session: its version, and its row (null: unreadable). */
export interface IndexedSession {
  modifiedAt: string;
  size: number | null;
  info: SessionInfo | null;
}

/**
 * Where listing rows are kept between runs, per agent. Reading a session whole is what a
 * listing costs; the index keeps each row with the version (mtime and size) of the file it
 * was read from, so a later listing reads only what changed. It is a cache: a lost or
 * unreadable one is rebuilt, and a row is never used for a file whose version differs.
 */
export interface SessionIndex {
  load(agent: string): Promise<Map<string, IndexedSession>>;
  save(agent: string, rows: Map<string, IndexedSession>): Promise<void>;
}

const isCurrent = (row: IndexedSession | undefined, ref: SessionRef): row is IndexedSession =>
  row !== undefined && row.modifiedAt === ref.modifiedAt && row.size === (ref.size ?? null);

/**
 * One agent's listing through the index: rows of unchanged sessions from it, the rest read
 * by the reader (only those, through `SessionFilter.locations`), and the index updated
 * when anything changed (sessions gone are dropped from it).
 */
export async function listIndexed(
  reader: AgentReader,
  context: ReaderContext,
  index: SessionIndex,
  cwd: string | undefined,
): Promise<SessionInfo[]> {
  const [refs, rows] = await Promise.all([
    reader.locateSessions(context),
    index.load(reader.agent),
  ]);
  const byLocation = new Map<string, SessionInfo>();
  const stale = new Set<string>();
  for (const ref of refs) {
    const row = rows.get(ref.location);
    if (!isCurrent(row, ref)) stale.add(ref.location);
    else if (row.info !== null) byLocation.set(ref.location, row.info);
  }
  // Written back only when a row was added, replaced or dropped: a folder's listing leaves
  // other folders' new sessions unread (and unremembered), and rewrites nothing for them.
  let changed = false;
  if (stale.size > 0) {
    const fresh = await reader.listSessions(context, { cwd, locations: stale });
    for (const info of fresh) byLocation.set(info.location, info);
    for (const ref of refs) {
      if (!stale.has(ref.location)) continue;
      const info = byLocation.get(ref.location);
      // Unread because a folder filter left it out: not known yet, so not remembered.
      if (info === undefined && cwd !== undefined) continue;
      rows.set(ref.location, {
        modifiedAt: ref.modifiedAt,
        size: ref.size ?? null,
        info: info ?? null,
      });
      changed = true;
    }
  }
  const present = new Set(refs.map((ref) => ref.location));
  for (const location of rows.keys()) {
    if (!present.has(location)) {
      rows.delete(location);
      changed = true;
    }
  }
  if (changed) await index.save(reader.agent, rows).catch(() => undefined);
  return [...byLocation.values()];
}
