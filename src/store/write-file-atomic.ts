import { randomBytes } from "node:crypto";
import { link, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isProcessAlive } from "./is-process-alive.ts";

const TEMP_SUFFIX = ".tmp";

/**
 * A temp file beside `path`, so the final link or rename stays on one filesystem and is
 * atomic. The leading dot keeps it out of listings; pid and random part keep concurrent
 * writers apart.
 */
export function tempPathFor(path: string): string {
  const nonce = randomBytes(6).toString("hex");
  return join(dirname(path), `.${basename(path)}.${process.pid}.${nonce}${TEMP_SUFFIX}`);
}

async function writeDurably(path: string, content: string, mode = 0o644): Promise<void> {
  const handle = await open(path, "wx", mode);
  try {
    await handle.writeFile(content, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a new or removed directory entry survive a crash; not every platform allows it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // Directory fsync is unsupported on some platforms (Windows); the data itself is synced.
  } finally {
    await handle?.close();
  }
}

async function unlinkQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * Writes `content` to `path` only if nothing is there: the complete file appears at once
 * or not at all, and an existing file is never replaced. Fails with the fs error `EEXIST`
 * when the name is taken, so the caller can try the next name.
 */
export async function writeNewFile(
  path: string,
  content: string,
  /** The file's permissions (less the umask); a secret is written 0o600 from the start. */
  mode?: number,
): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeDurably(temp, content, mode);
    // link() fails if `path` exists, where rename() would silently replace it.
    await link(temp, path);
  } finally {
    await unlinkQuietly(temp);
  }
  await syncDirectory(dirname(path));
}

/** Replaces the file at `path` with `content` at once: readers see the old or the new file. */
export async function replaceFile(path: string, content: string): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeDurably(temp, content);
    await rename(temp, path);
  } catch (error) {
    await unlinkQuietly(temp);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Moves a file to a name that must not exist yet (fails with `EEXIST` otherwise). */
export async function moveFileNoClobber(from: string, to: string): Promise<void> {
  await link(from, to);
  await unlink(from);
  await syncDirectory(dirname(to));
  await syncDirectory(dirname(from));
}

/**
 * Removes temp files that a killed writer left behind: those whose writer (the pid in the
 * name) no longer runs, and any older than `olderThanMs`, the bound for a writer on
 * another machine sharing the folder. A temp file of a live writer is left alone.
 */
export async function removeStaleTempFiles(
  dir: string,
  olderThanMs: number,
  now: Date,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(".") || !name.endsWith(TEMP_SUFFIX)) continue;
    const path = join(dir, name);
    const writer = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)?.[1];
    try {
      const info = await stat(path);
      const orphaned = writer !== undefined && !isProcessAlive(Number(writer));
      if (orphaned || now.getTime() - info.mtimeMs > olderThanMs) {
        await unlink(path);
        removed.push(path);
      }
    } catch {
      // Gone already, or removed by a concurrent sweep.
    }
  }
  return removed;
}
