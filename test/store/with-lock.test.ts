import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withLock } from "../../src/store/with-lock.ts";
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
});
