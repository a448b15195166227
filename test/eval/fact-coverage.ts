/**
 * Does a text carry a planted fact? Words, not exact strings: an extracted decision is
 * stored without its "Decision:" label and with "because" split into a reason, so the
 * test is that nearly all of the fact's content words (at least `share`) are in the text.
 */
export function coversFact(text: string, fact: string, share = 0.8): boolean {
  const words = contentWords(fact);
  if (words.length === 0) return true;
  const have = new Set(contentWords(text));
  const found = words.filter((word) => have.has(word)).length;
  return found / words.length >= share;
}

/**
 * Function words, and the words a handoff says with its structure instead: "Decision:" is
 * the section, "because" becomes the reason's place.
 */
const STOP_WORDS = new Set(
  "a an the and or but of to in on at by for with from as is are was were be been it its this that these those i we you he she they do does did so if then than not no decision because since".split(
    " ",
  ),
);

function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "" && !STOP_WORDS.has(word));
}
