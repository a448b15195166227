import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Handoff } from "../../src/core/handoff.ts";
import { parseDocument } from "../../src/core/parse-document.ts";
import { renderDocument } from "../../src/core/render-document.ts";
import { handoffArbitrary } from "./handoff-arbitrary.ts";

describe("document round trip", () => {
  it("parse(render(h)) equals h for any valid Handoff", () => {
    fc.assert(
      fc.property(handoffArbitrary, (h) => {
        // Through zod: the arbitrary is valid, and records get plain prototypes to compare with.
        const valid = Handoff.parse(h);
        expect(valid).toEqual(h);
        expect(parseDocument(renderDocument(h))).toStrictEqual(valid);
      }),
      { numRuns: 500 },
    );
  });
});
