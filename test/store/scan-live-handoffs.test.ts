import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanLiveHandoffs } from "../../src/store/scan-live-handoffs.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * The hooks' scan of a handoff folder: the open and claimed handoffs, newest first, the same
 * with and without its cache; with the cache only new documents and the last scan's live
 * ones are read, and a damaged cache or one of another folder means reading them all.
 */
const root = makeTempDir("baton-live-handoffs-");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function doc(id: string, status: string, day: number): string {
  return `---\nid: ${id}\nstatus: ${status}\nbranch: main\ncreated: 2026-12-0${day}T10:00:00Z\n---\n# Session Handoff\n`;
}

function folder(name: string): { dir: string; cache: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "a.md"), doc("a", "open", 1));
  writeFileSync(join(dir, "b.md"), doc("b", "superseded", 2));
  writeFileSync(join(dir, "c.md"), doc("c", "claimed", 3));
  return { dir, cache: join(root, `${name}.cache.json`) };
}

const ids = (dir: string, cache: string | null) => scanLiveHandoffs(dir, cache).map((h) => h.id);

describe("scanLiveHandoffs", () => {
  it("lists open and claimed handoffs newest first, cached or not", () => {
    const { dir, cache } = folder("plain");
    expect(ids(dir, null)).toEqual(["c", "a"]);
    expect(ids(dir, cache)).toEqual(["c", "a"]);
    const kept = JSON.parse(readFileSync(cache, "utf8"));
    expect(kept.names.sort()).toEqual(["a.md", "b.md", "c.md"]);
    expect(kept.live.sort()).toEqual(["a.md", "c.md"]);
    expect(ids(dir, cache)).toEqual(["c", "a"]);
  });

  it("reads only new documents and the last scan's live ones", () => {
    const { dir, cache } = folder("cached");
    ids(dir, cache);
    // A live one that is no longer live is seen at once; a new one too.
    writeFileSync(join(dir, "a.md"), doc("a", "superseded", 1));
    writeFileSync(join(dir, "d.md"), doc("d", "open", 4));
    // A superseded one edited back to open keeps its name: not read (documented).
    writeFileSync(join(dir, "b.md"), doc("b", "open", 2));
    expect(ids(dir, cache)).toEqual(["d", "c"]);
    expect(ids(dir, null)).toEqual(["d", "c", "b"]);
    // A live one removed is gone.
    rmSync(join(dir, "c.md"));
    expect(ids(dir, cache)).toEqual(["d"]);
  });

  it("reads every document when the cache is damaged or names another folder", () => {
    const { dir, cache } = folder("damaged");
    const other = folder("other");
    ids(dir, cache);
    writeFileSync(join(dir, "b.md"), doc("b", "open", 2));
    ids(other.dir, cache); // the cache now describes another folder
    expect(ids(dir, cache)).toEqual(["c", "b", "a"]);
    writeFileSync(cache, "{ torn");
    expect(ids(dir, cache)).toEqual(["c", "b", "a"]);
    expect(ids(join(root, "missing"), cache)).toEqual([]);
  });
});
