import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanLiveHandoffs } from "../../src/store/scan-live-handoffs.ts";
import { makeTempDir } from "../support/temp-repo.ts";

/**
 * The hooks' scan of a handoff folder: the open and claimed handoffs, newest first, the same
 * with and without its cache; the cache is used only while the folder is unchanged and was
 * scanned well after its last change, and the live handoffs' heads are always read again.
 */
const root = makeTempDir("baton-live-handoffs-");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function doc(id: string, status: string, created: string): string {
  return `---\nid: ${id}\nstatus: ${status}\nbranch: main\ncreated: ${created}\n---\n# Session Handoff\n`;
}

function folder(name: string): { dir: string; cache: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "a.md"), doc("a", "open", "2026-12-01T10:00:00Z"));
  writeFileSync(join(dir, "b.md"), doc("b", "superseded", "2026-12-02T10:00:00Z"));
  writeFileSync(join(dir, "c.md"), doc("c", "claimed", "2026-12-03T10:00:00Z"));
  return { dir, cache: join(root, `${name}.cache.json`) };
}

/** The folder's last change ten seconds ago: a scan now is not racy. */
const settle = (dir: string) => {
  const past = new Date(Date.now() - 10_000);
  utimesSync(dir, past, past);
};

const ids = (dir: string, cache: string | null) => scanLiveHandoffs(dir, cache).map((h) => h.id);

describe("scanLiveHandoffs", () => {
  it("lists open and claimed handoffs newest first, cached or not", () => {
    const { dir, cache } = folder("plain");
    settle(dir);
    expect(ids(dir, null)).toEqual(["c", "a"]);
    expect(ids(dir, cache)).toEqual(["c", "a"]);
    expect(JSON.parse(readFileSync(cache, "utf8")).heads).toHaveLength(2);
    expect(ids(dir, cache)).toEqual(["c", "a"]);
  });

  it("uses the cache while the folder is unchanged, reading the live heads again", () => {
    const { dir, cache } = folder("cached");
    settle(dir);
    ids(dir, cache);
    // In place (the folder's mtime stays): a live one that is no longer live is seen at once…
    writeFileSync(join(dir, "a.md"), doc("a", "superseded", "2026-12-01T10:00:00Z"));
    // …a superseded one edited back to open is not, until the folder changes (documented).
    writeFileSync(join(dir, "b.md"), doc("b", "open", "2026-12-02T10:00:00Z"));
    expect(ids(dir, cache)).toEqual(["c"]);
    expect(ids(dir, null)).toEqual(["c", "b"]);
    // A file added or replaced through a rename changes the folder: scanned again.
    writeFileSync(join(dir, "d.md"), doc("d", "open", "2026-12-04T10:00:00Z"));
    expect(ids(dir, cache)).toEqual(["d", "c", "b"]);
  });

  it("does not trust a scan made in the same second as the folder's last change", () => {
    const { dir, cache } = folder("racy");
    ids(dir, cache); // the folder changed just now: this scan is kept but not trusted
    writeFileSync(join(dir, "b.md"), doc("b", "open", "2026-12-02T10:00:00Z"));
    expect(ids(dir, cache)).toEqual(["c", "b", "a"]);
  });

  it("scans again when the cache is damaged or names another folder", () => {
    const { dir, cache } = folder("damaged");
    const other = folder("other");
    settle(dir);
    settle(other.dir);
    ids(other.dir, cache); // the cache now describes another folder
    expect(ids(dir, cache)).toEqual(["c", "a"]);
    writeFileSync(cache, "{ torn");
    expect(ids(dir, cache)).toEqual(["c", "a"]);
    expect(ids(join(root, "missing"), cache)).toEqual([]);
  });
});
