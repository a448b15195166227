import { kindRank, type SecretKind, type SecretSpan } from "./secret-kind.ts";

export type Redaction = {
  text: string;
  /** How many masks this call added. */
  count: number;
  kinds: Partial<Record<SecretKind, number>>;
};

const MASK = /\[REDACTED:[a-z0-9-]+(?::[A-Za-z0-9_.-]+)?\]/g;

function maskOf(label: string): string {
  return `[REDACTED:${label}]`;
}

/**
 * Replaces the spans with masks. Overlapping spans merge into one mask (the union, so no
 * piece of either secret survives) of the highest-ranked kind. Spans touching a mask that
 * is already in the text lose the masked part (and are dropped if nothing with a letter or
 * digit is left), so redacting redacted text changes nothing.
 */
export function maskSpans(text: string, spans: SecretSpan[]): Redaction {
  const existing = [...text.matchAll(MASK)].map((m) => [m.index, m.index + m[0].length] as const);
  const candidates = spans
    .flatMap((s) => outside(s, existing))
    .filter((s) => /[\p{L}\p{N}]/u.test(text.slice(s.start, s.end)))
    .sort((a, b) => a.start - b.start || b.end - a.end);

  const merged: SecretSpan[] = [];
  for (const span of candidates) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      const wins =
        kindRank(span.kind) > kindRank(last.kind) ||
        (kindRank(span.kind) === kindRank(last.kind) &&
          span.end - span.start > last.end - last.start);
      merged[merged.length - 1] = {
        start: last.start,
        end: Math.max(last.end, span.end),
        kind: wins ? span.kind : last.kind,
        label: wins ? span.label : last.label,
      };
    } else {
      merged.push({ ...span });
    }
  }

  const kinds: Partial<Record<SecretKind, number>> = {};
  let out = "";
  let at = 0;
  for (const span of merged) {
    out += text.slice(at, span.start) + maskOf(span.label);
    at = span.end;
    kinds[span.kind] = (kinds[span.kind] ?? 0) + 1;
  }
  out += text.slice(at);
  return { text: out, count: merged.length, kinds };
}

/** The parts of the span outside the existing masks, which are sorted and disjoint. */
function outside(span: SecretSpan, masks: ReadonlyArray<readonly [number, number]>): SecretSpan[] {
  let lo = 0;
  let hi = masks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((masks[mid]?.[1] ?? 0) <= span.start) lo = mid + 1;
    else hi = mid;
  }
  const pieces: SecretSpan[] = [];
  let from = span.start;
  for (let i = lo; i < masks.length; i++) {
    const [a, b] = masks[i] ?? [0, 0];
    if (a >= span.end) break;
    if (a > from) pieces.push({ ...span, start: from, end: a });
    from = Math.max(from, b);
  }
  if (from < span.end) pieces.push({ ...span, start: from });
  return pieces;
}
