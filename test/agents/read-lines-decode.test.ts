import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readLines } from "../../src/agents/read-lines.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * readLines' `decode` hook (the readers' fast path gets each line's bytes through it),
 * with the carry buffer it reuses for lines that span chunks and the read it has in
 * flight while a batch is being used.
 */
const dir = makeTempDir("baton-decode-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string): string {
  const path = join(dir, `f${n++}.jsonl`);
  writeFileSync(path, content);
  return path;
}

describe("readLines with decode", () => {
  it("hands decode exactly each line's bytes, however lines and chunks fall", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: "binary", maxLength: 20 }),
            fc
              .tuple(fc.string({ unit: "binary", minLength: 1, maxLength: 5 }), fc.nat(300))
              .map(([unit, times]) => unit.repeat(times)),
          ),
          { maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 97 }),
        async (texts, chunkBytes) => {
          const lines = texts.map((text) => text.replaceAll("\n", " ")).filter((t) => t.length > 0);
          const path = file(lines.map((line) => `${line}\n`).join(""));
          const seen: string[] = [];
          for await (const batch of readLines(path, {
            chunkBytes,
            decode: (bytes, start, end) => ({ text: bytes.toString("utf8", start, end) }),
          }))
            seen.push(...batch.lines.map((line) => line.text));
          expect(seen).toEqual(lines);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("stops cleanly when its reader stops early, with a read still in flight", async () => {
    const path = file(`${"x".repeat(100)}\n`.repeat(5_000));
    let batches = 0;
    for await (const batch of readLines(path, { chunkBytes: 4096 })) {
      expect(batch.lines[0]).toBe("x".repeat(100));
      if (++batches === 2) break;
    }
    expect(batches).toBe(2);
    // The handle was closed: the file can be replaced and read again from the start.
    rmSync(path);
    writeFileSync(path, "again\n");
    const again: string[] = [];
    for await (const batch of readLines(path)) again.push(...batch.lines);
    expect(again).toEqual(["again"]);
  });
});
