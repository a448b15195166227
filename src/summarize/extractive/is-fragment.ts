/**
 * Text that has the shape of a fact but says nothing: a template's placeholder
 * ("[what was chosen]"), a table cell or heading with a check mark ("Single File Per
 * Session ✅"), a terminal's box-drawing gutter ("┃"), or a line of filler before a
 * report ("Perfect! Now I have all the information needed."). Extractors leave such text
 * out rather than present it as a decision, a failed approach or a report.
 */
export function isFragment(text: string): boolean {
  const trimmed = text.trim();
  // Nothing but marks, gutters and punctuation.
  if (!/[\p{L}\p{N}]{2}/u.test(trimmed.replace(BOX_DRAWING, ""))) return true;
  if (PLACEHOLDER.test(trimmed)) return true;
  if (/[✅✔☑]/u.test(trimmed)) return true;
  if (FILLER.test(trimmed)) return true;
  return false;
}

/** A reason that is a fragment is no reason: "because ┃". */
export function reasonOrNull(reason: string | null): string | null {
  return reason === null || isFragment(reason) ? null : reason;
}

/** Box drawing and block characters: terminal UIs frame their panes with them. */
export const BOX_DRAWING = /[\u2500-\u259f]/gu;

/** A template's blank, in brackets, that nobody filled in. */
const PLACEHOLDER =
  /\[(?:what|why|which|how|who|when|where|reason|describe|insert|your|the|a|an|x|y|todo|tbd)\b[^\]]{0,60}\]|\{\{[^}]*\}\}|<(?:what|why|reason|insert|your|describe)[^>]{0,60}>/i;

/** A line that only announces: "Perfect! Now I have all the information needed." */
const FILLER =
  /^(?:(?:perfect|great|excellent|good|okay|ok|alright|awesome|got it)[!.,]?\s*)?(?:now\s+)?I (?:now )?(?:have|understand|see|know) (?:all |enough )?(?:the |of the )?(?:information|context|details|picture|everything)(?: I need(?:ed)?| needed)?[.!]?$/i;
