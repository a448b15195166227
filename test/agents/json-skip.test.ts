import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonCursor, skipString, skipValue } from "../../src/agents/json-skip.ts";

/** JSON text of a value with random whitespace between tokens, as other writers may emit. */
function spaced(value: unknown, pick: () => string): string {
  if (Array.isArray(value))
    return `[${value.map((item) => pick() + spaced(item, pick) + pick()).join(",")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.entries(value)
      .map(
        ([key, item]) =>
          `${pick()}${JSON.stringify(key)}${pick()}:${pick()}${spaced(item, pick)}${pick()}`,
      )
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

const whitespace = fc.array(fc.constantFrom("", "", " ", "\t", "\n", "\r\n  "), {
  minLength: 64,
  maxLength: 64,
});

function picker(choices: string[]): () => string {
  let n = 0;
  return () => choices[n++ % choices.length] as string;
}

const anyJson = fc.jsonValue().map((value) => (value === undefined ? null : value));
const unicodeJson = fc.oneof(
  anyJson,
  fc.string({ unit: "binary" }),
  fc.array(fc.string({ unit: "binary" })),
  fc.dictionary(fc.string({ unit: "binary" }), fc.string({ unit: "binary" })),
);

describe("skipValue", () => {
  it("finds exactly where any JSON value ends, whatever follows it", () => {
    fc.assert(
      fc.property(
        unicodeJson,
        whitespace,
        fc.constantFrom("", ",1", "]", "}", ' "x"'),
        (value, spaces, after) => {
          const text = spaced(value, picker(spaces));
          const bytes = Buffer.from(`${text}${after}`);
          const textBytes = Buffer.byteLength(text);
          expect(skipValue(bytes, 0, bytes.length)).toBe(textBytes);
          expect(skipValue(bytes, 0, bytes.length, true)).toBe(textBytes);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("gives up on a string or container cut short", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.array(anyJson, { minLength: 1 }),
          fc.dictionary(fc.string(), anyJson, { minKeys: 1 }),
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (value, at) => {
          const bytes = Buffer.from(JSON.stringify(value));
          const end = Math.min(bytes.length - 1, Math.floor(at * bytes.length));
          expect(skipValue(bytes, 0, end, true)).toBe(-1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("tells escaped quotes from closing ones", () => {
    const bytes = Buffer.from(String.raw`"a\"b\\" "c\\\"d" "\\\\"`);
    expect(skipString(bytes, 0, bytes.length)).toBe(8);
    expect(skipString(bytes, 9, bytes.length)).toBe(17);
    expect(skipString(bytes, 18, bytes.length)).toBe(24);
    const long = Buffer.from(`"${'x\\"'.repeat(40)}\\\\"`);
    expect(skipString(long, 0, long.length)).toBe(long.length);
  });

  it("checks what it cuts out when asked: escapes, brackets, bytes between strings", () => {
    const bad = [
      String.raw`"bad \x escape"`,
      String.raw`"bad \u12G4"`,
      `"${"long ".repeat(30)}\\q"`,
      `{"a":[1,2}`,
      `[{"a":1]]`,
      `{"a":@}`,
      `[1,2,<html>]`,
      `{"a":"b"`,
    ];
    for (const text of bad) {
      const bytes = Buffer.from(text);
      expect(skipValue(bytes, 0, bytes.length, true), text).toBe(-1);
    }
  });
});

describe("JsonCursor", () => {
  it("visits every member and element of what it walks", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: "binary" }), fc.array(anyJson)),
        whitespace,
        (object, spaces) => {
          const bytes = Buffer.from(spaced(object, picker(spaces)));
          const cursor = new JsonCursor(bytes, 0, bytes.length);
          expect(cursor.enter(0x7b)).toBe(true);
          const seen = new Map<string, number>();
          while (cursor.nextMember()) {
            const key = JSON.parse(bytes.toString("utf8", cursor.keyStart, cursor.keyEnd));
            let count = 0;
            expect(cursor.enter(0x5b)).toBe(true);
            while (cursor.nextElement()) {
              expect(cursor.skip()).toBe(true);
              count++;
            }
            seen.set(key, count);
          }
          // Keys with escapes stop the walk (see JsonCursor); all others are visited.
          if (cursor.failed) {
            expect(Object.keys(object).some((key) => JSON.stringify(key).includes("\\"))).toBe(
              true,
            );
            return;
          }
          expect(cursor.atEnd()).toBe(true);
          expect(seen).toEqual(new Map(Object.entries(object).map(([k, v]) => [k, v.length])));
        },
      ),
      { numRuns: 300 },
    );
  });
});
