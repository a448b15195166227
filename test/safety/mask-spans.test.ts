import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskSpans } from "../../src/safety/mask-spans.ts";
import type { SecretKind, SecretSpan } from "../../src/safety/secret-kind.ts";

const span = (start: number, end: number, kind: SecretKind, label: string = kind): SecretSpan => ({
  start,
  end,
  kind,
  label,
});

describe("maskSpans", () => {
  it("merges overlapping spans into one mask of the most specific kind", () => {
    const text = "key=ghp_abcdefgh rest";
    const result = maskSpans(text, [
      span(4, 16, "secret-assignment"),
      span(4, 16, "github-token"),
      span(10, 14, "env-value", "env:X"),
    ]);
    expect(result).toEqual({
      text: "key=[REDACTED:github-token] rest",
      count: 1,
      kinds: { "github-token": 1 },
    });
  });

  it("masks the union of partly overlapping spans", () => {
    const result = maskSpans("aaaa bbbb cccc", [
      span(0, 7, "jwt"),
      span(5, 12, "secret-assignment"),
    ]);
    expect(result.text).toBe("[REDACTED:jwt]cc");
    expect(result.count).toBe(1);
  });

  it("keeps touching spans apart", () => {
    const result = maskSpans("aaaabbbb", [span(0, 4, "jwt"), span(4, 8, "stripe-key")]);
    expect(result.text).toBe("[REDACTED:jwt][REDACTED:stripe-key]");
    expect(result.kinds).toEqual({ jwt: 1, "stripe-key": 1 });
  });

  it("never masks an existing mask again, but masks what sticks out of it", () => {
    const text = "x=[REDACTED:jwt]tail9 y";
    const inside = maskSpans(text, [span(2, 16, "secret-assignment")]);
    expect(inside.text).toBe(text);
    expect(inside.count).toBe(0);
    const around = maskSpans(text, [span(2, 21, "secret-assignment")]);
    expect(around.text).toBe("x=[REDACTED:jwt][REDACTED:secret-assignment] y");
    expect(around.count).toBe(1);
  });

  it("removes exactly the characters under spans, whatever the spans", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "c", " ", "="), minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(60), fc.nat(20)), { maxLength: 8 }),
        (text, raw) => {
          const spans = raw
            .map(([s, len]) => [Math.min(s, text.length), Math.min(s + len, text.length)] as const)
            .map(([s, e]) => span(s, e, "secret-assignment"));
          // A span holding no letter or digit (a lone "=") is never worth a mask.
          const covered = new Set(
            spans
              .filter((s) => /[a-z]/.test(text.slice(s.start, s.end)))
              .flatMap((s) => Array.from({ length: s.end - s.start }, (_, i) => s.start + i)),
          );
          const result = maskSpans(text, spans);
          const kept = [...text].filter((_, i) => !covered.has(i)).join("");
          expect(result.text.replaceAll("[REDACTED:secret-assignment]", "")).toBe(kept);
          expect(result.count).toBeLessThanOrEqual(spans.length);
          expect(result.count === 0).toBe(covered.size === 0);
        },
      ),
    );
  });
});
