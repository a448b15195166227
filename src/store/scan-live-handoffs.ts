import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeFoldersSync } from "./make-folders.ts";
import { type HandoffHead, readHead, scanHandoffs } from "./scan-handoffs.ts";

/** Statuses a hook can act on: a handoff to inject, claim or acknowledge. */
const LIVE = new Set(["open", "claimed"]);

/**
 * A folder scan's result kept for the next hook: the folder's mtime when it was scanned, and
 * its live handoffs' heads. Any handoff baton writes, claims, acknowledges or supersedes is
 * replaced through a rename, as git's checkout replaces files, so the folder's mtime moves.
 */
interface LiveCache {
  version: 1;
  dir: string;
  dirMtimeMs: number;
  scannedAtMs: number;
  heads: HandoffHead[];
}

/**
 * A scan younger than this after the folder's last change is not trusted: file times move in
 * clock ticks, so a change in the same tick as the scan would leave the mtime unchanged.
 */
const RACY_MS = 1000;

/**
 * The open and claimed handoffs of a folder, newest first, for the hooks: with thousands of
 * superseded handoffs in the folder, reading every head on each session start costs more than
 * its budget. `cacheFile` keeps the last scan; while the folder's mtime is the one scanned,
 * only the live handoffs' own heads are read again (so an edit in place to one of them is
 * seen). Without a cache file, or when the folder changed, every head is read as before.
 *
 * What it does not see until the folder next changes: a superseded, restored or archived
 * handoff edited in place (not replaced) back to open — an edit that also breaks its
 * signature, so it would not be injected in any case.
 */
export function scanLiveHandoffs(
  dir: string,
  cacheFile: string | null,
  now = Date.now(),
): HandoffHead[] {
  let dirMtimeMs: number;
  try {
    dirMtimeMs = statSync(dir).mtimeMs;
  } catch {
    return [];
  }
  const cached = cacheFile === null ? null : readCache(cacheFile);
  if (
    cached !== null &&
    cached.dir === dir &&
    cached.dirMtimeMs === dirMtimeMs &&
    cached.scannedAtMs - dirMtimeMs > RACY_MS
  ) {
    return cached.heads
      .map((head) => readHead(head.path, head.id))
      .filter((head): head is HandoffHead => head !== null && LIVE.has(head.status ?? ""));
  }
  const heads = scanHandoffs(dir).filter((head) => LIVE.has(head.status ?? ""));
  if (cacheFile !== null) {
    writeCache(cacheFile, { version: 1, dir, dirMtimeMs, scannedAtMs: now, heads });
  }
  return heads;
}

function readCache(file: string): LiveCache | null {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Partial<LiveCache>;
    if (
      value.version !== 1 ||
      typeof value.dir !== "string" ||
      typeof value.dirMtimeMs !== "number" ||
      typeof value.scannedAtMs !== "number" ||
      !Array.isArray(value.heads) ||
      !value.heads.every((head) => typeof head?.path === "string" && typeof head.id === "string")
    )
      return null;
    return value as LiveCache;
  } catch {
    return null;
  }
}

/** Best effort: a hook that cannot keep its cache still answers, and scans again next time. */
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
