import {
  decodeText,
  type ItemCodec,
  type Line,
  lineError,
  stripVerified,
  type Where,
} from "./document-text.ts";
import {
  ENRICH_MARKER,
  type Fact,
  SECTION_HEADINGS,
  type SectionName,
  type Sections,
} from "./handoff.ts";
import { LIST_CODECS } from "./item-codecs.ts";

/**
 * The body of a handoff document: `## Heading` sections and their content. A section is
 * the enrich marker alone (null: not filled yet), `_None._` (an empty list), the goal's
 * paragraph, or a list whose items may run over several indented lines.
 */

const HEADING = /^##(?:[ \t]+(.*))?$/;
const BULLET = /^([-*+]|\d{1,9}[.)])([ \t]+)(\S.*)$/;
const NONE = /^(?:_none\._|_none_|\*none\.?\*|none\.?|\(none\)|_\(none\)_)$/i;

export function headingOf(name: SectionName): string {
  return SECTION_HEADINGS.find(([n]) => n === name)?.[1] ?? name;
}

function sectionNamed(title: string): SectionName | undefined {
  const key = title.replace(/\s+/g, " ").toLowerCase();
  return SECTION_HEADINGS.find(([, heading]) => heading.toLowerCase() === key)?.[0];
}

export interface SectionBlock {
  name: SectionName;
  heading: Line;
  content: Line[];
}

/** Splits body lines at `## ` headings; the lines before the first heading are the preamble. */
export function splitSections(
  lines: Line[],
  where: Where,
): { preamble: Line[]; blocks: SectionBlock[] } {
  const preamble: Line[] = [];
  const blocks: SectionBlock[] = [];
  for (const raw of lines) {
    // Trailing spaces are invisible in an editor, so they never carry meaning.
    const line = { text: raw.text.trimEnd(), number: raw.number };
    const heading = HEADING.exec(line.text);
    if (heading === null) {
      (blocks.at(-1)?.content ?? preamble).push(line);
      continue;
    }
    const title = (heading[1] ?? "").replace(/\s+#+\s*$/, "").trim();
    const name = sectionNamed(title);
    if (name === undefined) {
      const known = SECTION_HEADINGS.map(([, h]) => h).join(", ");
      throw lineError(
        "parse",
        where,
        line.number,
        `unknown section "## ${title}"; the sections are: ${known}`,
      );
    }
    const earlier = blocks.find((block) => block.name === name);
    if (earlier !== undefined) {
      throw lineError(
        "parse",
        where,
        line.number,
        `section "## ${headingOf(name)}" appears twice (first at line ${earlier.heading.number})`,
      );
    }
    blocks.push({ name, heading: line, content: [] });
  }
  return { preamble, blocks };
}

export interface ParseSectionOptions {
  /** Ignore `_(verified)_` markers: text from a person or a model is claimed by definition. */
  forceClaimed?: boolean;
  /** Item shapes of another input form (seed 004's template), tried where given. */
  codecs?: Partial<typeof LIST_CODECS>;
  /** A lone item saying the list is empty (`- (none in this session)`). */
  noneItem?: RegExp;
}

/** Parses one section's content lines. */
export function parseSection(
  name: SectionName,
  content: Line[],
  where: Where,
  options: ParseSectionOptions = {},
): Sections[SectionName] {
  const lines = trimBlankEdges(content.filter((line) => line.text !== ENRICH_MARKER));
  if (lines.length === 0) return null;
  const provenanceOf = (verified: boolean) =>
    verified && options.forceClaimed !== true ? "verified" : "claimed";
  if (name === "goal") {
    const { text, verified } = stripVerified(lines.map((line) => line.text).join("\n"));
    const goal = decodeText(text);
    const first = lines[0]?.number ?? 0;
    if (goal === "") throw lineError("parse", where, first, "the goal is empty");
    return { text: goal, provenance: provenanceOf(verified) } satisfies Fact;
  }
  if (lines.length === 1 && NONE.test(lines[0]?.text.trim() ?? "")) return [];
  const codec = (options.codecs?.[name] ?? LIST_CODECS[name]) as ItemCodec<unknown>;
  const items = groupItems(lines, name, where);
  const none = options.noneItem;
  if (none !== undefined && items.length === 1 && none.test(items[0]?.text.trim() ?? "")) {
    return [];
  }
  return items.map((item) => {
    const { text, verified } = stripVerified(item.text);
    const fail = (message: string): never => {
      throw lineError("parse", where, item.number, `${headingOf(name)}: ${message}`);
    };
    return codec.parse(text, provenanceOf(verified), fail);
  }) as Sections[SectionName];
}

function trimBlankEdges(lines: Line[]): Line[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]?.text.trim() === "") start++;
  while (end > start && lines[end - 1]?.text.trim() === "") end--;
  return lines.slice(start, end);
}

/**
 * Groups a list section's lines into items: a bullet at column 0 starts one, indented lines
 * continue it (blank lines between them are kept), anything else is a malformed line.
 */
function groupItems(
  lines: Line[],
  name: SectionName,
  where: Where,
): Array<{ number: number; text: string }> {
  const items: Array<{ number: number; column: number; lines: string[] }> = [];
  let blanks = 0;
  for (const line of lines) {
    if (line.text.trim() === "") {
      blanks++;
      continue;
    }
    const bullet = BULLET.exec(line.text);
    const current = items.at(-1);
    if (bullet !== null) {
      const marker = bullet[1] ?? "-";
      items.push({
        number: line.number,
        column: marker.length + (bullet[2] ?? " ").length,
        lines: [bullet[3] ?? ""],
      });
    } else if (/^[ \t]/.test(line.text) && current !== undefined) {
      for (; blanks > 0; blanks--) current.lines.push("");
      current.lines.push(dedent(line.text, current.column));
    } else {
      throw lineError(
        "parse",
        where,
        line.number,
        `${headingOf(name)}: expected a list item ("- ..."), found "${line.text.trim()}"`,
      );
    }
    blanks = 0;
  }
  return items.map((item) => ({ number: item.number, text: item.lines.join("\n") }));
}

function dedent(text: string, column: number): string {
  const spaces = /^ */.exec(text)?.[0].length ?? 0;
  if (spaces > 0) return text.slice(Math.min(spaces, column));
  return text.startsWith("\t") ? text.slice(1) : text;
}
