import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  moveFileNoClobber,
  removeStaleTempFiles,
  replaceFile,
  tempPathFor,
  writeNewFile,
} from "../../src/store/write-file-atomic.ts";
import { makeTempDir } from "../support/temp-repo.ts";
import { spawnWorker, waitForExit } from "./spawn-workers.ts";

let dir: string;
beforeEach(() => {
  dir = makeTempDir("baton-atomic-");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("writeNewFile", () => {
  it("writes a new file and leaves no temp file behind", async () => {
    const path = join(dir, "a.md");
    await writeNewFile(path, "hello\n");
    expect(readFileSync(path, "utf8")).toBe("hello\n");
    expect(readdirSync(dir)).toEqual(["a.md"]);
  });

  it("never replaces an existing file: fails with EEXIST and keeps the old content", async () => {
    const path = join(dir, "a.md");
    writeFileSync(path, "precious\n");
    await expect(writeNewFile(path, "intruder\n")).rejects.toMatchObject({ code: "EEXIST" });
    expect(readFileSync(path, "utf8")).toBe("precious\n");
    expect(readdirSync(dir)).toEqual(["a.md"]);
  });

  it("lets exactly one of many concurrent writers of one name win", async () => {
    const path = join(dir, "race.md");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => writeNewFile(path, `writer ${i}\n`)),
    );
    const winners = results.filter((r) => r.status === "fulfilled");
    expect(winners).toHaveLength(1);
    expect(readFileSync(path, "utf8")).toMatch(/^writer \d+\n$/);
    expect(readdirSync(dir)).toEqual(["race.md"]);
  });
});

describe("replaceFile", () => {
  it("replaces the content in one step", async () => {
    const path = join(dir, "a.md");
    writeFileSync(path, "old\n");
    await replaceFile(path, "new\n");
    expect(readFileSync(path, "utf8")).toBe("new\n");
    expect(readdirSync(dir)).toEqual(["a.md"]);
  });

  it("leaves the old or the new file, never a torn one, when the writer is killed mid-write", async () => {
    const path = join(dir, "big.md");
    const a = "A".repeat(4_000_000);
    const b = "B".repeat(3_000_000);
    writeFileSync(path, a);
    for (const delayMs of [30, 80, 150, 250]) {
      const child = spawnWorker("rewrite-forever.ts", [path]);
      const exited = waitForExit(child);
      await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill("SIGKILL");
      expect((await exited).signal).toBe("SIGKILL");
      const content = readFileSync(path, "utf8");
      expect(content === a || content === b).toBe(true);
    }
  });
});

describe("moveFileNoClobber", () => {
  it("moves a file and refuses to replace one at the destination", async () => {
    const from = join(dir, "a.md");
    const to = join(dir, "b.md");
    writeFileSync(from, "a\n");
    await moveFileNoClobber(from, to);
    expect(existsSync(from)).toBe(false);
    expect(readFileSync(to, "utf8")).toBe("a\n");

    writeFileSync(from, "second\n");
    await expect(moveFileNoClobber(from, to)).rejects.toMatchObject({ code: "EEXIST" });
    expect(readFileSync(to, "utf8")).toBe("a\n");
    expect(readFileSync(from, "utf8")).toBe("second\n");
  });
});

describe("removeStaleTempFiles", () => {
  it("removes only old temp files, never young ones or documents", async () => {
    const old = tempPathFor(join(dir, "a.md"));
    const young = tempPathFor(join(dir, "b.md"));
    writeFileSync(old, "half");
    writeFileSync(young, "half");
    writeFileSync(join(dir, "c.md"), "doc");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);
    utimesSync(join(dir, "c.md"), hourAgo, hourAgo);

    const removed = await removeStaleTempFiles(dir, 600_000, new Date());
    expect(removed).toEqual([old]);
    expect(existsSync(young)).toBe(true);
    expect(existsSync(join(dir, "c.md"))).toBe(true);
  });

  it("treats a missing folder as having nothing to clean", async () => {
    expect(await removeStaleTempFiles(join(dir, "missing"), 0, new Date())).toEqual([]);
  });
});
