import { clipLine } from "../../core/clip-line.ts";

/**
 * One line of at most `max` characters, cut at a word boundary when one is near. Extracted
 * items are single lines: transcripts carry code blocks and line breaks that would only
 * make the document harder to read (and to parse back). Spaces within a line are kept as
 * they are: in an error line or a quoted input (`'a  b'`) they are part of the fact.
 */
export function clipText(text: string, max: number): string {
  return clipLine(text, max, { words: true });
}
