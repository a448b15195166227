import { renderFrontmatter } from "./document-frontmatter.ts";
import { LONE_SURROGATE } from "./document-text.ts";
import { type Handoff, SECTION_HEADINGS, type SummaryInfo } from "./handoff.ts";
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
  if (h.summary !== undefined) out.push(">", `> ${oneLine(summaryLine(h.summary))}`);
  for (const [name, heading] of SECTION_HEADINGS) {
    out.push("", `## ${heading}`, "", ...renderSection(name, h.sections[name]));
  }
  return `${out.join("\n")}\n`;
}

/** Read from the frontmatter's `summary`; the line is for people and is not parsed back. */
function summaryLine(summary: SummaryInfo): string {
  switch (summary.state) {
    case "done":
      return `The unmarked items of Goal, Current State, Key Decisions, Failed Approaches, Next Steps and Open Questions were written by ${summary.by}.`;
    case "pending":
      return `A summary by ${summary.by} is being written; until it arrives the sections are the extractive ones.`;
    case "fallback":
      return `The summary by ${summary.by} was not used: ${summary.note ?? "it failed"}. The sections are the extractive ones.`;
  }
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
