import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readLines } from "../../src/agents/read-lines.ts";
import { readLinesBackward } from "../../src/agents/read-lines-backward.ts";
import { makeTempDir } from "../support/temp-repo.ts";

const dir = makeTempDir("baton-lines-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${n++}.jsonl`);
  writeFileSync(path, content);
  return path;
}

async function forward(path: string, options = {}) {
  const lines: string[] = [];
  let lastComplete = true;
  for await (const batch of readLines(path, options)) {
    lines.push(...batch.lines);
    lastComplete = batch.lastComplete;
  }
  return { lines, lastComplete };
}

async function backward(path: string, options = {}) {
  const lines: { text: string; complete: boolean; offset: number }[] = [];
  for await (const line of readLinesBackward(path, options)) lines.push(line);
  return lines;
}

/** The reference: split on newlines, drop empty lines. */
function naive(content: string): string[] {
  return content.split("\n").filter((line) => line.length > 0);
}

describe("readLines and readLinesBackward", () => {
  it("agree with a naive split for any content and any chunk size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.string(), fc.constant(""), fc.string({ unit: "grapheme", maxLength: 40 })),
          {
            maxLength: 30,
          },
        ),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (parts, trailingNewline, chunkBytes) => {
          const content = parts.join("\n") + (trailingNewline ? "\n" : "");
          const path = file(content);
          const expected = naive(content);
          const fwd = await forward(path, { chunkBytes });
          expect(fwd.lines).toEqual(expected);
          const back = await backward(path, { chunkBytes });
          expect(back.map((l) => l.text)).toEqual([...expected].reverse());
          for (const line of back) {
            expect(Buffer.from(content).toString("utf8", line.offset).startsWith(line.text)).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("marks a last line without a newline as incomplete (a session still being written)", async () => {
    const path = file('{"a":1}\n{"b":2}\n{"c":');
    const fwd = await forward(path);
    expect(fwd.lines).toEqual(['{"a":1}', '{"b":2}', '{"c":']);
    expect(fwd.lastComplete).toBe(false);
    const back = await backward(path);
    expect(back.map((l) => l.complete)).toEqual([false, true, true]);
  });

  it("skips a line over the size limit without holding it, and reports its size", async () => {
    const huge = `{"image":"${"A".repeat(10 * 1024 * 1024)}"}`;
    const path = file(`{"first":1}\n${huge}\n{"last":1}\n`);
    const sizes: number[] = [];
    const fwd = await forward(path, {
      maxLineBytes: 1 << 20,
      chunkBytes: 64 << 10,
      onOversize: (b: number) => sizes.push(b),
    });
    expect(fwd.lines).toEqual(['{"first":1}', '{"last":1}']);
    expect(sizes).toEqual([huge.length]);
    const backSizes: number[] = [];
    const back = await backward(path, {
      maxLineBytes: 1 << 20,
      onOversize: (b: number) => backSizes.push(b),
    });
    expect(back.map((l) => l.text)).toEqual(['{"last":1}', '{"first":1}']);
    expect(backSizes).toEqual([huge.length]);
  });

  it("keeps multi-byte characters split across chunk boundaries intact", async () => {
    const text = "héllo wörld — 日本語 🎉".repeat(50);
    const path = file(`${text}\n${text}\n`);
    for (const chunkBytes of [1, 2, 3, 7, 13]) {
      expect((await forward(path, { chunkBytes })).lines).toEqual([text, text]);
      expect((await backward(path, { chunkBytes })).map((l) => l.text)).toEqual([text, text]);
    }
  });

  it("reads an empty file as no lines", async () => {
    const path = file("");
    expect((await forward(path)).lines).toEqual([]);
    expect(await backward(path)).toEqual([]);
  });
});
