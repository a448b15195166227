/**
 * The enrich marker, and where a document holds it. Kept apart from the schema so that a
 * hook on its 150 ms path can find the marked sections of a document's text without
 * loading zod or the parser.
 */
export const ENRICH_MARKER = "<!-- baton:enrich -->";

/**
 * The headings (`Goal`, `Next Steps`, …) of the body sections whose only content is the
 * enrich marker: what the capture could not fill, in document order.
 */
export function markedHeadings(document: string): string[] {
  const marked: string[] = [];
  let heading: string | null = null;
  let content: string[] = [];
  const close = () => {
    if (heading !== null && content.length === 1 && content[0] === ENRICH_MARKER) {
      marked.push(heading);
    }
  };
  for (const line of document.split(/\r?\n/)) {
    const match = /^## (.+?)\s*$/.exec(line);
    if (match !== null) {
      close();
      heading = match[1] ?? null;
      content = [];
    } else if (heading !== null && line.trim() !== "") {
      content.push(line.trim());
    }
  }
  close();
  return marked;
}
