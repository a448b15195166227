import { randomBytes } from "node:crypto";
import { readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { BatonError } from "../core/errors.ts";
import { isErrorCode } from "./is-error-code.ts";
import { writeNewFile } from "./write-file-atomic.ts";

export interface LockOptions {
  /** A lock older than this is taken over even if its holder still runs. */
  staleMs?: number;
  /** Give up waiting after this long. */
  timeoutMs?: number;
  retryMs?: number;
}

interface LockContent {
  pid: number;
  host: string;
  at: string;
  token: string;
}

const DEFAULT_STALE_MS = 10_000;
const DEFAULT_RETRY_MS = 15;

/**
 * Runs `fn` while holding the lock file at `lockPath`.
 *
 * The lock is a file created only if absent (written to a temp file and hard-linked, so it
 * never exists without its content), holding the holder's pid, host, time and a token.
 * A lock whose holder died (same host, pid gone) or that is older than `staleMs` is taken
 * over: an operation under lock takes milliseconds, so a lock seconds old belongs to a
 * killed or hung process. Taking over goes through a second, short-lived "break" lock and
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
    if (held !== undefined && isStale(held, staleMs)) {
      // No deadline here: a stale lock is always broken within staleMs, by us or another waiter.
      await breakLock(lockPath, held.raw, staleMs);
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

function isStale(held: HeldLock, staleMs: number): boolean {
  const since = held.content ? Date.parse(held.content.at) : held.mtimeMs;
  if (!Number.isFinite(since) || Date.now() - since > staleMs) return true;
  return (
    held.content !== undefined && held.content.host === hostname() && !isAlive(held.content.pid)
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return isErrorCode(error, "EPERM");
  }
}

async function breakLock(lockPath: string, staleRaw: string, staleMs: number): Promise<void> {
  const breakPath = `${lockPath}.break`;
  try {
    await writeNewFile(breakPath, lockText(randomBytes(8).toString("hex")));
  } catch (error) {
    if (!isErrorCode(error, "EEXIST")) throw error;
    // Another waiter is breaking the lock. One killed while doing so left its break lock
    // behind, which is judged like any lock: dead holder or too old.
    const breaker = await readLock(breakPath);
    if (breaker !== undefined && isStale(breaker, staleMs)) {
      await unlink(breakPath).catch(() => undefined);
    } else {
      await sleep(DEFAULT_RETRY_MS);
    }
    return;
  }
  try {
    const current = await readLock(lockPath);
    if (current?.raw === staleRaw) await unlink(lockPath).catch(() => undefined);
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
