/**
 * The sentences of a message, in order. Line breaks always end a sentence (markdown lists,
 * headings); within a line a sentence ends at `.`, `!` or `?` followed by a space and a
 * capital, a quote, a backtick or a parenthesis, so `add(2, 2)` or `v1.2` never split.
 * Code blocks are dropped: they hold code, not statements.
 */
export function splitSentences(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?(?:```|$)/g, "\n");
  const sentences: string[] = [];
  for (const rawLine of withoutCode.split(/\r?\n/)) {
    const line = rawLine.replace(/^\s*(?:[-*+]|\d+[.)]|#{1,6})\s+/, "").trim();
    if (line === "") continue;
    for (const part of line.split(/(?<=[.!?])\s+(?=[A-Z"'`(*[])/)) {
      const sentence = part.trim();
      if (sentence !== "") sentences.push(sentence);
    }
  }
  return sentences;
}
