import { type ItemCodec, isFriendly, quoteJson, VERIFIED_SUFFIX } from "./document-text.ts";
import { BatonError } from "./errors.ts";
import {
  canonicalModifiedFile,
  ENRICH_MARKER,
  type Fact,
  type ModifiedFile,
  type SectionName,
  type Sections,
} from "./handoff.ts";
import { LIST_CODECS, type ListSectionName } from "./item-codecs.ts";
import { headingOf, parseSection, splitSections } from "./parse-section.ts";

/** Renders one section's content lines (without the heading). */
export function renderSection(name: SectionName, value: Sections[SectionName]): string[] {
  if (value === null) return [ENRICH_MARKER];
  if (!Array.isArray(value)) {
    const candidates = [value.text, quoteJson(value.text)];
    return firstRoundTrip(name, value, candidates, (text) =>
      layout(text.split("\n"), "", value.provenance),
    );
  }
  if (value.length === 0) return ["_None._"];
  const codec = LIST_CODECS[name as ListSectionName] as ItemCodec<{
    provenance: Fact["provenance"];
  }>;
  return value.flatMap((raw, index) => {
    const item = name === "modifiedFiles" ? canonicalModifiedFile(raw as ModifiedFile) : raw;
    const bullet = name === "nextSteps" ? `${index + 1}. ` : "- ";
    return firstRoundTrip(name, [item], codec.render(item), (text) => {
      const [first = "", ...rest] = text.split("\n");
      return layout([bullet + first, ...rest], " ".repeat(bullet.length), item.provenance);
    });
  });
}

function layout(lines: string[], indent: string, provenance: Fact["provenance"]): string[] {
  const out = lines.map((line, index) => (index === 0 || line === "" ? line : indent + line));
  if (provenance === "verified") out[out.length - 1] += VERIFIED_SUFFIX;
  return out;
}

/** The first candidate that the parser reads back as `expected`, checked on the real parser. */
function firstRoundTrip(
  name: SectionName,
  expected: unknown,
  candidates: string[],
  toLines: (text: string) => string[],
): string[] {
  for (const candidate of candidates) {
    if (!isFriendly(candidate)) continue;
    const lines = toLines(candidate);
    if (sameData(readBack(name, lines), expected)) return lines;
  }
  throw new Error(
    `no rendering of a ${headingOf(name)} item parses back: ${JSON.stringify(expected)}`,
  );
}

function readBack(name: SectionName, lines: string[]): unknown {
  const numbered = [`## ${headingOf(name)}`, ...lines].map((text, index) => ({
    text,
    number: index + 1,
  }));
  try {
    const { preamble, blocks } = splitSections(numbered, {});
    const block = blocks[0];
    if (preamble.length > 0 || blocks.length !== 1 || block === undefined) return undefined;
    return parseSection(name, block.content, {});
  } catch (error) {
    if (BatonError.is(error)) return undefined;
    throw error;
  }
}

/** Deep equality of plain data, whatever the objects' prototypes (callers may build them any way). */
function sameData(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
