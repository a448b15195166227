/**
 * One line of at most `max` characters, cut at a word boundary when one is near. Extracted
 * items are single lines: transcripts carry code blocks and line breaks that would only
 * make the document harder to read (and to parse back). Spaces within a line are kept as
 * they are: in an error line or a quoted input (`'a  b'`) they are part of the fact.
 */
export function clipText(text: string, max: number): string {
  // Slice before flattening, so a huge text costs O(max), not O(text).
  const flat = text
    .slice(0, max * 4)
    .replace(/[ \t]*[\r\n\t\f\v]+[ \t]*/g, " ")
    .trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, Math.max(1, max - 1));
  const space = cut.lastIndexOf(" ");
  const atWord = space >= max * 0.7 ? cut.slice(0, space) : cut;
  return `${atWord.replace(/[\s,;:]+$/, "")}…`;
}
