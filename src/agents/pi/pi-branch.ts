import { readLines } from "../read-lines.ts";

/** The entries on the active branch, by id. */
export interface Branch {
  has(id: string): boolean;
  readonly size: number;
}

/**
 * Pi's ids are usually 8 hex digits: kept as numbers, a long session's ids cost a few
 * bytes each instead of a string each (a regex match would also keep the whole line head
 * it was cut from alive).
 */
type Key = number | string;
const keyOf = (id: string): Key => (/^[0-9a-f]{8}$/.test(id) ? Number.parseInt(id, 16) : id);

/**
 * A Pi session file is a tree: every entry names its parent, and branching (`/tree`,
 * `/fork` in place) appends entries whose parent lies earlier in the file. What the
 * session is now is the active branch: the path from the last entry back to the root.
 *
 * The ids and parent ids of every entry are collected in one pass (small strings, read
 * from each line's head without parsing the rest), and the path is walked from the end.
 */
export async function activeBranch(path: string): Promise<Branch> {
  const parents = new Map<Key, Key | null>();
  let last: Key | null = null;
  for await (const batch of readLines(path, { decode: entryLink })) {
    for (const link of batch.lines) {
      if (link === null) continue;
      parents.set(link.id, link.parentId);
      last = link.id;
    }
  }
  const branch = new Set<Key>();
  for (let id = last; id !== null && !branch.has(id); id = parents.get(id) ?? null) branch.add(id);
  return { has: (id) => branch.has(keyOf(id)), size: branch.size };
}

interface EntryLink {
  id: Key;
  parentId: Key | null;
}

const HEAD_BYTES = 512;
const HEAD = /^\{"type":"[a-z_]+","id":"([^"\\]+)","parentId":(?:null|"([^"\\]+)")[,}]/;

/** An entry's id and parent id, from the first bytes of its line when Pi wrote them first. */
function entryLink(bytes: Buffer, start: number, end: number): EntryLink | null {
  const head = bytes.toString("utf8", start, Math.min(end, start + HEAD_BYTES));
  const fast = HEAD.exec(head);
  if (fast?.[1]) return { id: keyOf(fast[1]), parentId: fast[2] ? keyOf(fast[2]) : null };
  if (!head.includes('"id"')) return null;
  try {
    const record = JSON.parse(bytes.toString("utf8", start, end)) as Record<string, unknown>;
    if (record.type === "session" || typeof record.id !== "string") return null;
    return {
      id: keyOf(record.id),
      parentId: typeof record.parentId === "string" ? keyOf(record.parentId) : null,
    };
  } catch {
    return null;
  }
}
