import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeStaleLocks, withLock } from "../../src/store/with-lock.ts";
import { makeTempDir } from "../support/temp-repo.ts";
import { NODE_BIN, runTogether, spawnWorker, waitForExit } from "./spawn-workers.ts";

let dir: string;
let lockPath: string;
beforeEach(() => {
  dir = makeTempDir("baton-lock-");
  lockPath = join(dir, ".x.lock");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function lockContent(pid: number, at: Date): string {
  return `${JSON.stringify({ pid, host: hostname(), at: at.toISOString(), token: "someone" })}\n`;
}

function deadPid(): number {
  const child = spawnSync(NODE_BIN, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

describe("withLock", () => {
  it("records the holder while held and removes the lock afterwards", async () => {
    const seen = await withLock(lockPath, async () => JSON.parse(readFileSync(lockPath, "utf8")));
    expect(seen).toMatchObject({ pid: process.pid, host: hostname() });
    expect(existsSync(lockPath)).toBe(false);
  });

  it("releases the lock when the work throws", async () => {
    await expect(
      withLock(lockPath, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(existsSync(lockPath)).toBe(false);
  });

  it("keeps real concurrent processes out of each other's critical section", async () => {
    const counter = join(dir, "counter");
    writeFileSync(counter, "0");
    const results = await runTogether("lock-counter.ts", () => [lockPath, counter, "25"], 6);
    for (const result of results) expect(result.stderr).toBe("");
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(readFileSync(counter, "utf8")).toBe("150");
    expect(readdirSync(dir).sort()).toEqual(["counter"]);
  });

  it("takes over the lock of a dead process at once", async () => {
    writeFileSync(lockPath, lockContent(deadPid(), new Date()));
    // A live or merely young holder would make this wait out the timeout and throw.
    const noWaiting = { staleMs: 60_000, timeoutMs: 5_000 };
    expect(await withLock(lockPath, async () => "got it", noWaiting)).toBe("got it");
  });

  it("takes over a lock older than staleMs even if its holder lives", async () => {
    writeFileSync(lockPath, lockContent(process.pid, new Date(Date.now() - 60_000)));
    expect(await withLock(lockPath, async () => "got it", { staleMs: 5_000 })).toBe("got it");
  });

  it("takes over an unreadable lock file once it is old", async () => {
    writeFileSync(lockPath, "");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath, old, old);
    expect(await withLock(lockPath, async () => "got it", { staleMs: 5_000 })).toBe("got it");
  });

  it("waits for a live holder and gives up with a clear error", async () => {
    const holder = spawnWorker("hold-lock.ts", [lockPath]);
    const exited = waitForExit(holder);
    try {
      await new Promise<void>((resolve) => holder.stdout?.once("data", () => resolve()));
      await expect(
        withLock(lockPath, async () => "never", { staleMs: 60_000, timeoutMs: 300 }),
      ).rejects.toMatchObject({
        code: "store",
        message: expect.stringContaining(`held by pid ${holder.pid}`),
      });
    } finally {
      holder.kill("SIGKILL");
      await exited;
    }
    // Killed while holding it: the next caller takes the dead holder's lock over.
    const noWaiting = { staleMs: 60_000, timeoutMs: 5_000 };
    expect(await withLock(lockPath, async () => "after", noWaiting)).toBe("after");
  });

  it("is not held up by the break lock of a waiter that died while breaking a stale lock", async () => {
    const dead = deadPid();
    writeFileSync(lockPath, lockContent(dead, new Date()));
    writeFileSync(`${lockPath}.break`, lockContent(dead, new Date()));
    // A live or merely young holder would make this wait out the timeout and throw.
    const noWaiting = { staleMs: 60_000, timeoutMs: 5_000 };
    expect(await withLock(lockPath, async () => "got it", noWaiting)).toBe("got it");
    expect(readdirSync(dir)).toEqual([]);
  });

  describe("a stale lock is broken with a message, never waited on for good", () => {
    // A live holder (this very process) and a long staleMs: only the lock's own oddity
    // can make it stale, and waiting would end in the timeout's error.
    const patient = (messages: string[]) => ({
      staleMs: 60_000,
      timeoutMs: 3_000,
      onBreak: (message: string) => messages.push(message),
    });

    it("a lock dated in the future", async () => {
      const future = new Date(Date.now() + 365 * 24 * 3600 * 1000);
      writeFileSync(lockPath, lockContent(process.pid, future));
      const messages: string[] = [];
      expect(await withLock(lockPath, async () => "got it", patient(messages))).toBe("got it");
      expect(messages).toEqual([
        `broke the lock ${lockPath}: pid ${process.pid} on ${hostname()} is dated ${future.toISOString()}, in the future`,
      ]);
    });

    it("an unreadable lock file whose modification time is in the future", async () => {
      writeFileSync(lockPath, "garbage");
      const future = new Date(Date.now() + 3600 * 1000);
      utimesSync(lockPath, future, future);
      const messages: string[] = [];
      expect(await withLock(lockPath, async () => "got it", patient(messages))).toBe("got it");
      expect(messages[0]).toMatch(/: an unreadable lock is dated .*, in the future$/);
    });

    it("a lock of an absurd age", async () => {
      writeFileSync(lockPath, lockContent(process.pid, new Date("1999-12-31T00:00:00Z")));
      const messages: string[] = [];
      expect(await withLock(lockPath, async () => "got it", patient(messages))).toBe("got it");
      expect(messages[0]).toMatch(/: pid \d+ on .* has held it for \d+ days$/);
    });

    it("a lock whose holder is gone", async () => {
      const dead = deadPid();
      writeFileSync(lockPath, lockContent(dead, new Date()));
      const messages: string[] = [];
      expect(await withLock(lockPath, async () => "got it", patient(messages))).toBe("got it");
      expect(messages).toEqual([
        `broke the lock ${lockPath}: its holder, pid ${dead}, is no longer running`,
      ]);
    });
  });

  it("removeStaleLocks clears the locks of dead holders and leaves a live one", async () => {
    const dead = deadPid();
    const deadLock = join(dir, ".a.lock");
    const liveLock = join(dir, ".b.lock");
    writeFileSync(deadLock, lockContent(dead, new Date()));
    writeFileSync(`${deadLock}.break`, lockContent(dead, new Date()));
    writeFileSync(liveLock, lockContent(process.pid, new Date()));
    const messages = await removeStaleLocks(dir);
    expect(messages).toHaveLength(2);
    expect(readdirSync(dir).sort()).toEqual([".b.lock"]);
  });
});
