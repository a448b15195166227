import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LONE_SURROGATE } from "../../src/core/document-text.ts";
import { Handoff } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { handoffArbitrary } from "./handoff-arbitrary.ts";

/** Through zod: proves the arbitrary is valid, and gives plain prototypes to compare with. */
function valid(h: Handoff): Handoff {
  const parsed = Handoff.parse(h);
  expect(parsed).toEqual(h);
  return parsed;
}

/** Applies `edit` to the lines after the frontmatter. */
function editBody(document: string, edit: (lines: string[]) => string[]): string {
  const lines = document.split("\n");
  const close = lines.indexOf("---", 1);
  return [...lines.slice(0, close + 1), ...edit(lines.slice(close + 1))].join("\n");
}

/** Groups body lines into [preamble, ...sections], each section starting at its heading. */
function sectionsOf(body: string[]): string[][] {
  const groups: string[][] = [[]];
  for (const line of body) {
    if (line.startsWith("## ")) groups.push([]);
    groups.at(-1)?.push(line);
  }
  return groups;
}

describe("document round trip", () => {
  it("parse(render(h)) equals h for any valid Handoff", () => {
    fc.assert(
      fc.property(handoffArbitrary, (h) => {
        expect(parseDocument(renderDocument(h))).toStrictEqual(valid(h));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps a frontmatter value with a line of one space (YAML folded it into a backslash)", () => {
    const h = fc.sample(handoffArbitrary, { numRuns: 1, seed: 1 })[0] as Handoff;
    const odd = { ...h, branch: "\n## Todos\n \ntortor---" };
    expect(parseDocument(renderDocument(odd)).branch).toBe(odd.branch);
  });

  it("renders no raw carriage return, control character or lone surrogate", () => {
    fc.assert(
      fc.property(handoffArbitrary, (h) => {
        const document = renderDocument(h);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the test
        expect(document).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
        expect(document).not.toMatch(LONE_SURROGATE);
      }),
      { numRuns: 200 },
    );
  });

  it("survives CRLF line endings and trailing spaces on every line", () => {
    fc.assert(
      fc.property(handoffArbitrary, (h) => {
        const edited = renderDocument(h)
          .split("\n")
          .map((line) => `${line}  `)
          .join("\r\n");
        expect(parseDocument(edited)).toStrictEqual(valid(h));
      }),
      { numRuns: 200 },
    );
  });

  it("survives reordered sections, extra blank lines, `*` bullets and a missing title and legend", () => {
    fc.assert(
      fc.property(handoffArbitrary, fc.infiniteStream(fc.nat()), (h, randoms) => {
        const edited = editBody(renderDocument(h), (body) => {
          const [, ...sections] = sectionsOf(body);
          const shuffled = sections
            .map((section) => ({ section, key: randoms.next().value }))
            .sort((a, b) => a.key - b.key)
            .map(({ section }) => section);
          // The goal is a paragraph, so a "- " there is text, not a bullet.
          const starred = (section: string[]) =>
            section[0] === "## Goal" ? section : section.map((line) => line.replace(/^- /, "* "));
          return shuffled.flatMap((section) => ["", "", ...starred(section)]);
        });
        expect(parseDocument(edited)).toStrictEqual(valid(h));
      }),
      { numRuns: 200 },
    );
  });
});
