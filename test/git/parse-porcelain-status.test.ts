import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyXY, parsePorcelainStatus } from "../../src/git/parse-porcelain-status.ts";

const OID = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const OID2 = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
const MODES = "100644 100644 100644";

function ordinary(xy: string, path: string): string {
  return `1 ${xy} N... ${MODES} ${OID} ${OID2} ${path}`;
}

function bytes(...parts: Array<string | number[]>): Uint8Array {
  const chunks = parts.map((part) =>
    typeof part === "string" ? new TextEncoder().encode(part) : Uint8Array.from(part),
  );
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

describe("parsePorcelainStatus headers", () => {
  it("reads branch, oid, upstream with ahead/behind, and stash count", () => {
    const status = parsePorcelainStatus(
      [
        `# branch.oid ${OID}`,
        "# branch.head feature/x",
        "# branch.upstream origin/feature/x",
        "# branch.ab +3 -12",
        "# stash 4",
        "",
      ].join("\0"),
    );
    expect(status).toEqual({
      oid: OID,
      branch: "feature/x",
      detached: false,
      initial: false,
      upstream: { name: "origin/feature/x", ahead: 3, behind: 12, gone: false },
      stashCount: 4,
      entries: [],
      ignored: [],
      unknownRecords: 0,
    });
  });

  it("reads an unborn branch and a detached HEAD", () => {
    expect(parsePorcelainStatus("# branch.oid (initial)\0# branch.head main\0")).toMatchObject({
      oid: null,
      initial: true,
      branch: "main",
      detached: false,
    });
    expect(parsePorcelainStatus(`# branch.oid ${OID}\0# branch.head (detached)\0`)).toMatchObject({
      oid: OID,
      initial: false,
      branch: null,
      detached: true,
    });
  });

  it("marks an upstream without an ahead/behind line as gone", () => {
    const status = parsePorcelainStatus("# branch.head main\0# branch.upstream origin/main\0");
    expect(status.upstream).toEqual({ name: "origin/main", ahead: null, behind: null, gone: true });
  });

  it("keeps counts git did not compute as unknown", () => {
    const status = parsePorcelainStatus("# branch.upstream origin/main\0# branch.ab +? -?\0");
    expect(status.upstream).toEqual({
      name: "origin/main",
      ahead: null,
      behind: null,
      gone: false,
    });
  });

  it("skips and counts header and record types it does not know", () => {
    const status = parsePorcelainStatus(
      `# branch.head main\0# branch.future 1\0z something new\0${ordinary(".M", "a.txt")}\0`,
    );
    expect(status.unknownRecords).toBe(2);
    expect(status.entries.map((e) => e.path)).toEqual(["a.txt"]);
  });
});

describe("parsePorcelainStatus entries", () => {
  it("reads ordinary, renamed, copied, unmerged, untracked and ignored records", () => {
    const output = [
      ordinary("M.", "staged file.txt"),
      ordinary(".D", "gone.txt"),
      `2 R. N... ${MODES} ${OID} ${OID} R100 new name.txt`,
      "old name.txt",
      `2 C. N... ${MODES} ${OID} ${OID} C75 copy.txt`,
      "original.txt",
      `u UU N... 100644 100644 100644 100644 ${OID} ${OID2} ${OID} both changed.txt`,
      "? untracked dir/",
      "! ignored.log",
      "",
    ].join("\0");
    const status = parsePorcelainStatus(output);
    expect(status.entries).toEqual([
      {
        path: "staged file.txt",
        from: null,
        xy: "M.",
        change: "modified",
        state: "staged",
        conflicted: false,
        submodule: false,
      },
      {
        path: "gone.txt",
        from: null,
        xy: ".D",
        change: "deleted",
        state: "unstaged",
        conflicted: false,
        submodule: false,
      },
      {
        path: "new name.txt",
        from: "old name.txt",
        xy: "R.",
        change: "renamed",
        state: "staged",
        conflicted: false,
        submodule: false,
      },
      {
        path: "copy.txt",
        from: "original.txt",
        xy: "C.",
        change: "copied",
        state: "staged",
        conflicted: false,
        submodule: false,
      },
      {
        path: "both changed.txt",
        from: null,
        xy: "UU",
        change: "conflicted",
        state: "unstaged",
        conflicted: true,
        submodule: false,
      },
      {
        path: "untracked dir/",
        from: null,
        xy: "??",
        change: "untracked",
        state: "untracked",
        conflicted: false,
        submodule: false,
      },
    ]);
    expect(status.ignored).toEqual(["ignored.log"]);
    expect(status.unknownRecords).toBe(0);
  });

  it("reads paths holding newlines, spaces and field-like text from raw bytes", () => {
    const output = bytes(
      ordinary(".M", "a\nb 1 M. c.txt"),
      [0],
      `2 R. N... ${MODES} ${OID} ${OID} R90 `,
      "ünï ✓\n.txt",
      [0],
      "? 1 .M looks like a record",
      [0],
      "was\ttab",
      [0],
    );
    // The rename's original path sits after its own NUL; the third field is not a record.
    const status = parsePorcelainStatus(output);
    expect(status.entries.map((e) => [e.path, e.from])).toEqual([
      ["a\nb 1 M. c.txt", null],
      ["ünï ✓\n.txt", "? 1 .M looks like a record"],
    ]);
    expect(status.unknownRecords).toBe(1);
  });

  it("decodes invalid UTF-8 in a path without dropping the entry", () => {
    const status = parsePorcelainStatus(bytes("? caf", [0xe9], ".txt", [0]));
    expect(status.entries).toHaveLength(1);
    expect(status.entries[0]?.path).toBe("caf\uFFFD.txt");
  });

  it("reads the output without a trailing NUL and flags submodules", () => {
    const status = parsePorcelainStatus(`1 .M SC.. 160000 160000 160000 ${OID} ${OID} vendor/lib`);
    expect(status.entries).toMatchObject([{ path: "vendor/lib", submodule: true }]);
  });

  it("counts a truncated record instead of throwing", () => {
    const status = parsePorcelainStatus(`1 .M N...\0u UU\0`);
    expect(status.entries).toEqual([]);
    expect(status.unknownRecords).toBe(2);
  });

  it("consumes a rename's original path even when the record is malformed", () => {
    const status = parsePorcelainStatus(`2 R.\0? looks untracked\0? real.txt\0`);
    expect(status.entries.map((e) => e.path)).toEqual(["real.txt"]);
    expect(status.unknownRecords).toBe(1);
  });
});

describe("classifyXY", () => {
  it.each([
    ["M.", "modified", "staged"],
    [".M", "modified", "unstaged"],
    ["MM", "modified", "partly-staged"],
    ["A.", "added", "staged"],
    ["AM", "added", "partly-staged"],
    ["AD", "added", "partly-staged"],
    [".A", "added", "unstaged"],
    ["D.", "deleted", "staged"],
    ["MD", "deleted", "partly-staged"],
    ["R.", "renamed", "staged"],
    ["RM", "renamed", "partly-staged"],
    [".R", "renamed", "unstaged"],
    ["C.", "copied", "staged"],
    ["T.", "type-changed", "staged"],
    [".T", "type-changed", "unstaged"],
  ] as const)("%s is %s and %s", (xy, change, state) => {
    expect(classifyXY(xy)).toEqual({ change, state });
  });
});

describe("parsePorcelainStatus on generated output", () => {
  const path = fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 20 })
    .filter((p) => !p.includes("\0"));
  const xy = fc
    .tuple(fc.constantFrom(".", "M", "T", "A", "D"), fc.constantFrom(".", "M", "T", "D"))
    .map(([x, y]) => `${x}${y}`)
    .filter((v) => v !== "..");
  const entry = fc.oneof(
    fc.record({ kind: fc.constant("1" as const), xy, path }),
    fc.record({ kind: fc.constant("2" as const), xy: fc.constant("R."), path, from: path }),
    fc.record({ kind: fc.constant("?" as const), path }),
  );

  it("returns every path and original path exactly, in order", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
        const fields: string[] = ["# branch.oid (initial)", "# branch.head main"];
        for (const e of entries) {
          if (e.kind === "1") fields.push(ordinary(e.xy, e.path));
          else if (e.kind === "2")
            fields.push(`2 R. N... ${MODES} ${OID} ${OID} R100 ${e.path}`, e.from);
          else fields.push(`? ${e.path}`);
        }
        const encoded = new TextEncoder().encode(`${fields.join("\0")}\0`);
        const status = parsePorcelainStatus(encoded);
        expect(status.unknownRecords).toBe(0);
        expect(status.entries.map((e) => [e.path, e.from])).toEqual(
          entries.map((e) => [e.path, e.kind === "2" ? e.from : null]),
        );
      }),
    );
  });
});
