import { randomBytes } from "node:crypto";
import { readdir, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { BatonError } from "../core/errors.ts";
import { isErrorCode } from "./is-error-code.ts";
import { isProcessAlive } from "./is-process-alive.ts";
import { writeNewFile } from "./write-file-atomic.ts";

export interface LockOptions {
  /** A lock older than this is taken over even if its holder still runs. */
  staleMs?: number;
  /** Give up waiting after this long. */
  timeoutMs?: number;
  retryMs?: number;
  /** Told (one line) whenever a stale lock is broken, so a broken lock never goes unnoticed. */
  onBreak?: (message: string) => void;
}

interface LockContent {
  pid: number;
  host: string;
  at: string;
  token: string;
}

const DEFAULT_STALE_MS = 10_000;
/** How many times staleMs a holder still running on this machine keeps its lock. */
const LIVE_HOLDER_FACTOR = 12;
/** Lock files are `.<name>.lock`; the short-lived lock that guards breaking one adds `.break`. */
export const LOCK_SUFFIX = ".lock";
const BREAK_SUFFIX = ".lock.break";
const DEFAULT_RETRY_MS = 15;

/**
 * Runs `fn` while holding the lock file at `lockPath`.
 *
 * The lock is a file created only if absent (written to a temp file and hard-linked, so it
 * never exists without its content), holding the holder's pid, host, time and a token.
 * A lock whose holder died (same host, pid gone) or whose time is more than `staleMs` away
 * from now, in the past or in the future, is taken over (a holder that still runs on this
 * machine, only after twelve times `staleMs`): an operation under lock takes
 * milliseconds, so a lock seconds old belongs to a killed or hung process, and a lock
 * dated in the future (a clock set wrong, a file copied or edited) would otherwise never
 * age. Taking over goes through a second, short-lived "break" lock and
 * re-reads the lock first, so two waiters cannot both remove it and a fresh lock that
 * replaced the stale one is left alone.
 */
export async function withLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const token = await acquireLock(lockPath, options);
  try {
    return await fn();
  } finally {
    await releaseLock(lockPath, token);
  }
}

async function acquireLock(lockPath: string, options: LockOptions): Promise<string> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const timeoutMs = options.timeoutMs ?? staleMs + 5_000;
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  const token = randomBytes(8).toString("hex");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await writeNewFile(lockPath, lockText(token));
      return token;
    } catch (error) {
      if (!isErrorCode(error, "EEXIST")) throw error;
    }
    const held = await readLock(lockPath);
    const stale = held === undefined ? null : whyStale(held, staleMs);
    if (held !== undefined && stale !== null) {
      // No deadline here: a stale lock is always broken within staleMs, by us or another waiter.
      if (await breakLock(lockPath, held.raw, staleMs)) {
        options.onBreak?.(`broke the lock ${lockPath}: ${stale}`);
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const holder = held?.content
        ? `pid ${held.content.pid} since ${held.content.at}`
        : "another process";
      throw new BatonError("store", `${lockPath} is held by ${holder}; try again shortly`);
    }
    await sleep(retryMs + Math.random() * retryMs);
  }
}

async function releaseLock(lockPath: string, token: string): Promise<void> {
  const held = await readLock(lockPath);
  // After a takeover the file may be someone else's lock now; leave theirs alone.
  if (held?.content?.token === token) await unlink(lockPath).catch(() => undefined);
}

interface HeldLock {
  raw: string;
  content: LockContent | undefined;
  mtimeMs: number;
}

async function readLock(lockPath: string): Promise<HeldLock | undefined> {
  try {
    const [raw, info] = await Promise.all([readFile(lockPath, "utf8"), stat(lockPath)]);
    return { raw, content: parseLockContent(raw), mtimeMs: info.mtimeMs };
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return undefined;
    throw error;
  }
}

function parseLockContent(raw: string): LockContent | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockContent>;
    if (
      typeof value.pid === "number" &&
      typeof value.host === "string" &&
      typeof value.at === "string" &&
      typeof value.token === "string"
    ) {
      return value as LockContent;
    }
  } catch {
    // A lock file someone edited or truncated: judged by its age alone.
  }
  return undefined;
}

/** Why the lock is stale, or null while its holder may still be at work. */
function whyStale(held: HeldLock, staleMs: number): string | null {
  const content = held.content;
  const since = content ? Date.parse(content.at) : held.mtimeMs;
  const holder = content ? `pid ${content.pid} on ${content.host}` : "an unreadable lock";
  if (!Number.isFinite(since)) return `${holder} has no readable time`;
  const age = Date.now() - since;
  if (age < -staleMs) {
    return `${holder} is dated ${new Date(since).toISOString()}, in the future`;
  }
  const here = content !== undefined && content.host === hostname();
  if (here && !isProcessAlive(content.pid)) {
    return `its holder, pid ${content.pid}, is no longer running`;
  }
  // A holder seen running here is slow (a loaded machine), not dead: only a hung one
  // holds on for many times staleMs. Elsewhere, age is all there is to judge by.
  const limit = here ? staleMs * LIVE_HOLDER_FACTOR : staleMs;
  if (age > limit) return `${holder} has held it for ${formatAge(age)}`;
  return null;
}

function formatAge(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

/**
 * Breaks the locks in `dir` that a dead or long-gone process left: a lock nobody waits
 * on would otherwise sit there until someone next wants that handoff. Returns the
 * messages of the locks it broke.
 */
export async function removeStaleLocks(
  dir: string,
  options: Pick<LockOptions, "staleMs" | "onBreak"> = {},
): Promise<string[]> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const messages: string[] = [];
  // Break locks first: a dead one would make breaking its lock give way once more.
  const breaksFirst = (name: string) => (name.endsWith(BREAK_SUFFIX) ? 0 : 1);
  names.sort((a, b) => breaksFirst(a) - breaksFirst(b));
  for (const name of names) {
    if (!name.startsWith(".") || !(name.endsWith(LOCK_SUFFIX) || name.endsWith(BREAK_SUFFIX))) {
      continue;
    }
    const lockPath = join(dir, name);
    const held = await readLock(lockPath).catch(() => undefined);
    const stale = held === undefined ? null : whyStale(held, staleMs);
    if (held === undefined || stale === null) continue;
    // A break lock is itself only ever removed, never broken through another.
    const broken = name.endsWith(BREAK_SUFFIX)
      ? await unlink(lockPath).then(
          () => true,
          () => false,
        )
      : await breakLock(lockPath, held.raw, staleMs);
    if (broken) {
      const message = `broke the lock ${lockPath}: ${stale}`;
      messages.push(message);
      options.onBreak?.(message);
    }
  }
  return messages;
}

/** Whether this call removed the stale lock (false: another waiter is at it, or it changed). */
async function breakLock(lockPath: string, staleRaw: string, staleMs: number): Promise<boolean> {
  const breakPath = `${lockPath}.break`;
  try {
    await writeNewFile(breakPath, lockText(randomBytes(8).toString("hex")));
  } catch (error) {
    if (!isErrorCode(error, "EEXIST")) throw error;
    // Another waiter is breaking the lock. One killed while doing so left its break lock
    // behind, which is judged like any lock: dead holder or too old.
    const breaker = await readLock(breakPath);
    if (breaker !== undefined && whyStale(breaker, staleMs) !== null) {
      await unlink(breakPath).catch(() => undefined);
    } else {
      await sleep(DEFAULT_RETRY_MS);
    }
    return false;
  }
  try {
    const current = await readLock(lockPath);
    if (current?.raw !== staleRaw) return false;
    return await unlink(lockPath).then(
      () => true,
      () => false,
    );
  } finally {
    await unlink(breakPath).catch(() => undefined);
  }
}

function lockText(token: string): string {
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    at: new Date().toISOString(),
    token,
  };
  return `${JSON.stringify(content)}\n`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
