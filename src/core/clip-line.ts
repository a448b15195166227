export interface ClipOptions {
  /** Cut at the last word boundary when one is near the end (from 70% of `max` on). */
  words?: boolean;
  /**
   * `lines` (default) joins lines with a space and keeps spaces within a line as they are:
   * in an error line or a quoted input (`'a  b'`) they are part of the fact. `all` collapses
   * every run of whitespace.
   */
  collapse?: "lines" | "all";
}

/**
 * One line of at most `max` characters, an ellipsis marking a cut, never splitting a UTF-16
 * surrogate pair. A huge text is sliced before it is flattened, so the cost is bounded by
 * `max`, not by the text.
 */
export function clipLineInfo(
  text: string,
  max: number,
  options: ClipOptions = {},
): { text: string; clipped: boolean } {
  const sliced = text.length > max * 4;
  const flat = (sliced ? text.slice(0, max * 4) : text)
    .replace(options.collapse === "all" ? /\s+/g : /[ \t]*[\r\n\t\f\v]+[ \t]*/g, " ")
    .trim();
  if (!sliced && flat.length <= max) return { text: flat, clipped: false };
  let cut = flat.slice(0, Math.max(1, max - 1));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  if (options.words) {
    const space = cut.lastIndexOf(" ");
    if (space >= max * 0.7) cut = cut.slice(0, space);
    cut = cut.replace(/[\s,;:]+$/, "");
  }
  return { text: `${cut.trimEnd()}…`, clipped: true };
}

export function clipLine(text: string, max: number, options: ClipOptions = {}): string {
  return clipLineInfo(text, max, options).text;
}

/** A message on one line, for an error printed or a log line written. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
