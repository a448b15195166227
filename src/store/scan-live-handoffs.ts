import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { makeFoldersSync } from "./make-folders.ts";
import { type HandoffHead, handoffNames, newestFirst, readHeads } from "./scan-handoffs.ts";

/** Statuses a hook can act on: a handoff to inject, claim or acknowledge. */
const LIVE = new Set(["open", "claimed"]);

/** What the last scan of a folder saw: every document's name, and which were live. */
interface LiveCache {
  version: 2;
  dir: string;
  names: string[];
  live: string[];
}

/**
 * The open and claimed handoffs of a folder, newest first, for the hooks: with thousands of
 * superseded handoffs in the folder, reading every head on each session start costs more than
 * the hook's budget. `cacheFile` keeps what the last scan saw; a scan then reads the heads
 * of the documents that are new since, and of those that were live (so one claimed,
 * superseded, edited or removed since is seen), and no other. Without a cache file, or
 * with a damaged one, every head is read.
 *
 * What it does not see: a document that was neither new nor live at the last scan and keeps
 * its name while going back to open or claimed (baton never does that; an edit by hand also
 * breaks the document's signature, so it would not be injected in any case).
 */
export function scanLiveHandoffs(dir: string, cacheFile: string | null): HandoffHead[] {
  const names = handoffNames(dir);
  if (names === null) return [];
  const cached = cacheFile === null ? null : readCache(cacheFile, dir);
  let toRead: Iterable<string> = names;
  if (cached !== null) {
    const known = new Set(cached.names);
    const present = new Set(names);
    toRead = new Set([
      ...names.filter((name) => !known.has(name)),
      ...cached.live.filter((name) => present.has(name)),
    ]);
  }
  const heads = readHeads(dir, toRead).filter((head) => LIVE.has(head.status ?? ""));
  const live = heads.map((head) => basename(head.path));
  if (cacheFile !== null && !sameCache(cached, names, live)) {
    writeCache(cacheFile, { version: 2, dir, names, live });
  }
  return newestFirst(heads);
}

function sameCache(cached: LiveCache | null, names: string[], live: string[]): boolean {
  if (cached === null || cached.names.length !== names.length) return false;
  if (cached.live.length !== live.length) return false;
  const liveBefore = new Set(cached.live);
  if (!live.every((name) => liveBefore.has(name))) return false;
  const before = new Set(cached.names);
  return names.every((name) => before.has(name));
}

function readCache(file: string, dir: string): LiveCache | null {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Partial<LiveCache>;
    const strings = (list: unknown): list is string[] =>
      Array.isArray(list) && list.every((item) => typeof item === "string");
    if (value.version !== 2 || value.dir !== dir || !strings(value.names) || !strings(value.live))
      return null;
    return value as LiveCache;
  } catch {
    return null;
  }
}

/** Best effort: a hook that cannot keep its cache still answers, and reads all next time. */
function writeCache(file: string, cache: LiveCache): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    makeFoldersSync(dirname(file));
    writeFileSync(temp, JSON.stringify(cache));
    renameSync(temp, file);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // Never written.
    }
  }
}
