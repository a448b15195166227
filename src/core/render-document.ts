import { renderFrontmatter } from "./document-frontmatter.ts";
import { LONE_SURROGATE } from "./document-text.ts";
import { type Handoff, SECTION_HEADINGS } from "./handoff.ts";
import { renderSection } from "./render-section.ts";

/** Tells a reader, person or model, which facts to trust as they are. */
export const DOCUMENT_LEGEND =
  "> Items marked _(verified)_ were read from git, the agent's todo store or recorded command results. " +
  "Everything else was written by a model or a person: check it before relying on it.";

/**
 * The handoff as its markdown document: YAML frontmatter, a title, the legend, then the ten
 * sections in order. `parseDocument` reads it back to an equal Handoff.
 */
export function renderDocument(h: Handoff): string {
  const out = [renderFrontmatter(h), `# Handoff: ${oneLine(h.topic)}`, "", DOCUMENT_LEGEND];
  for (const [name, heading] of SECTION_HEADINGS) {
    out.push("", `## ${heading}`, "", ...renderSection(name, h.sections[name]));
  }
  return `${out.join("\n")}\n`;
}

/** The title is decoration (the topic lives in the frontmatter); it must stay one line. */
function oneLine(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
      .replace(new RegExp(LONE_SURROGATE, "g"), "\ufffd")
      .trim()
  );
}
