import { headerFromYaml, readFrontmatterYaml } from "./document-frontmatter.ts";
import { type Line, lineError, toLines, type Where } from "./document-text.ts";
import { BatonError, type Result } from "./errors.ts";
import { emptySections, Handoff, type SectionName, type Sections } from "./handoff.ts";
import { type ParseSectionOptions, parseSection, splitSections } from "./parse-section.ts";
import { headerFromTemplate, isTemplateFrontmatter } from "./template-frontmatter.ts";
import { TEMPLATE_CODECS, TEMPLATE_NONE_ITEM } from "./template-item-codecs.ts";

export interface ParseDocumentOptions {
  /** Named in error messages as `path:line: ...`. */
  path?: string;
  /** The store's id for the file (its name's stem): a hand-written document has none inside. */
  id?: string;
}

/** How seed 004's template is read: every item a claim, its looser item shapes accepted. */
const TEMPLATE_SECTIONS: ParseSectionOptions = {
  forceClaimed: true,
  codecs: TEMPLATE_CODECS,
  noneItem: TEMPLATE_NONE_ITEM,
};

const FENCE = /^---\s*$/;
const CLOSING_FENCE = /^(?:---|\.\.\.)\s*$/;

/**
 * Reads a handoff document back into a Handoff. Strict about what baton itself writes, so a
 * broken document fails loudly, naming the line; tolerant of what hand editing does
 * (reordered sections, blank lines, CRLF, `*` bullets, trailing spaces, no title or legend).
 * A left-out section reads as null: it still needs filling in.
 *
 * Throws BatonError `parse` (the text does not follow the format) or `schema` (a value
 * does not fit the Handoff).
 */
export function parseDocument(text: string, options: ParseDocumentOptions = {}): Handoff {
  const where: Where = { path: options.path };
  const lines = toLines(text);
  const fence = splitFrontmatter(lines);
  if (fence.kind === "missing") {
    throw lineError(
      "parse",
      where,
      fence.line,
      "missing YAML frontmatter: a handoff document starts with a `---` line, its fields, then `---`",
    );
  }
  if (fence.kind === "unclosed") {
    throw lineError(
      "parse",
      where,
      fence.opening.number,
      "the frontmatter opened here is never closed by a `---` line",
    );
  }
  const yaml = readFrontmatterYaml(fence.yaml, fence.opening, where);
  const template = isTemplateFrontmatter(yaml.raw);
  const header = template
    ? headerFromTemplate(yaml, where, options.id)
    : headerFromYaml(yaml, where);
  const { preamble, blocks } = splitSections(fence.body, where);
  const stray = preamble.find((line) => !/^\s*$|^#\s|^>|^<!--.*-->$/.test(line.text));
  if (stray !== undefined) {
    throw lineError(
      "parse",
      where,
      stray.number,
      `text outside any section: "${stray.text.trim()}"`,
    );
  }
  const sections = emptySections();
  for (const block of blocks) {
    const read = template ? TEMPLATE_SECTIONS : {};
    setSection(sections, block.name, parseSection(block.name, block.content, where, read));
  }

  const parsed = Handoff.safeParse({ ...header, sections });
  if (parsed.success) return parsed.data;
  // The item parsers check what the schema checks, so this names a gap between the two.
  const issue = parsed.error.issues[0];
  const block = blocks.find((b) => b.name === issue?.path[1]);
  throw lineError(
    "schema",
    where,
    block?.heading.number ?? 1,
    `${issue?.path.join(".")}: ${issue?.message}`,
  );
}

export function safeParseDocument(
  text: string,
  options: ParseDocumentOptions = {},
): Result<Handoff> {
  try {
    return { ok: true, value: parseDocument(text, options) };
  } catch (error) {
    if (BatonError.is(error)) return { ok: false, error };
    throw error;
  }
}

/**
 * Reads the sections a person or a model wrote for `baton create`: a markdown text holding
 * some `## Heading` sections (headings in any case), in baton's item shapes or seed 004's
 * template's. Everything in it is claimed, whatever it says; text before the first heading
 * and a leading frontmatter are ignored, so a text without any heading gives `{}` (the
 * caller decides whether that is an error). Throws BatonError `parse` naming the line (and
 * `options.path` when given).
 */
export function parseSectionsMarkdown(
  text: string,
  options: ParseDocumentOptions = {},
): Partial<Sections> {
  const where: Where = { path: options.path };
  const lines = toLines(text);
  const fence = splitFrontmatter(lines);
  const body = fence.kind === "found" ? fence.body : lines;
  const sections: Partial<Sections> = {};
  for (const block of splitSections(body, where).blocks) {
    setSection(
      sections,
      block.name,
      parseSection(block.name, block.content, where, TEMPLATE_SECTIONS),
    );
  }
  return sections;
}

function setSection(
  sections: Partial<Sections>,
  name: SectionName,
  value: Sections[SectionName],
): void {
  (sections as Record<SectionName, unknown>)[name] = value;
}

type Frontmatter =
  | { kind: "found"; opening: Line; yaml: Line[]; body: Line[] }
  | { kind: "missing"; line: number }
  | { kind: "unclosed"; opening: Line };

function splitFrontmatter(lines: Line[]): Frontmatter {
  const start = lines.findIndex((line) => line.text.trim() !== "");
  const opening = lines[start];
  if (opening === undefined || !FENCE.test(opening.text)) {
    return { kind: "missing", line: opening?.number ?? 1 };
  }
  const end = lines.findIndex((line, index) => index > start && CLOSING_FENCE.test(line.text));
  if (end === -1) return { kind: "unclosed", opening };
  return { kind: "found", opening, yaml: lines.slice(start + 1, end), body: lines.slice(end + 1) };
}

/**
 * The `topic` of a text that opens with seed 004's template frontmatter (a hand-written
 * handoff given to `baton create`), else null: baton's own frontmatter and anything
 * unreadable say nothing here.
 */
export function templateTopic(text: string): string | null {
  const fence = splitFrontmatter(toLines(text));
  if (fence.kind !== "found") return null;
  try {
    const { raw } = readFrontmatterYaml(fence.yaml, fence.opening, {});
    if (!isTemplateFrontmatter(raw) || typeof raw.topic !== "string") return null;
    return raw.topic.trim() === "" ? null : raw.topic.trim();
  } catch {
    return null;
  }
}
