import { BatonError, type BatonErrorCode } from "./errors.ts";
import type { Provenance } from "./handoff.ts";

/**
 * Shared pieces of the handoff document's text grammar: source lines with their numbers,
 * errors that name the line, the `_(verified)_` marker, and the three ways a value can be
 * written (bare word, `code span`, "JSON string"). JSON is the escape hatch that can hold
 * any string exactly, so the renderer falls back to it whenever a friendlier form would not
 * parse back to the same value.
 */

/** One line of the source text, with its 1-based number in the whole document. */
export interface Line {
  text: string;
  number: number;
}

export interface Where {
  path?: string | undefined;
}

export function lineError(
  code: BatonErrorCode,
  where: Where,
  line: number,
  message: string,
): BatonError {
  const location = where.path === undefined ? `line ${line}` : `${where.path}:${line}`;
  return new BatonError(code, `${location}: ${message}`);
}

/** Splits a document into lines, tolerating a BOM and CRLF line endings. */
export function toLines(text: string): Line[] {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  return normalised.split("\n").map((line, index) => ({ text: line, number: index + 1 }));
}

export const VERIFIED_SUFFIX = " _(verified)_";
const VERIFIED_AT_END = /\s+_\(verified\)_$/i;

export function stripVerified(text: string): { text: string; verified: boolean } {
  const match = VERIFIED_AT_END.exec(text);
  if (match === null) return { text, verified: false };
  return { text: text.slice(0, match.index), verified: true };
}

/**
 * Characters that never appear raw in a friendly form: control characters (a reader cannot
 * see them, and CR would be eaten by CRLF normalisation) and lone surrogates (they cannot be
 * written to a UTF-8 file). JSON escapes all of them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNFRIENDLY = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

export const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isFriendly(text: string): boolean {
  return !UNFRIENDLY.test(text) && !LONE_SURROGATE.test(text);
}

/** JSON, with the characters JSON.stringify leaves raw but a reader cannot see escaped too. */
export function quoteJson(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Reads a JSON string literal starting at `start`; null when there is none. */
export function readJsonString(text: string, start: number): { value: string; end: number } | null {
  if (text[start] !== '"') return null;
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (char === '"') {
      try {
        return { value: JSON.parse(text.slice(start, i + 1)) as string, end: i + 1 };
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** A free-text field: JSON when the whole field is one JSON string, else the trimmed text. */
export function decodeText(raw: string): string {
  const trimmed = raw.trim();
  const json = readJsonString(trimmed, 0);
  if (json !== null && json.end === trimmed.length) return json.value;
  return trimmed;
}

/** A path, command or error line: a `code span` when that holds it exactly, else JSON. */
export function encodeCode(text: string): string {
  const codeSafe =
    text.length > 0 && isFriendly(text) && !/[`\n]/.test(text) && text.trim() === text;
  return codeSafe ? `\`${text}\`` : quoteJson(text);
}

/** A short value such as a time or a sha: bare when it is one plain word. */
export function encodeWord(text: string): string {
  return /^[^\s,`"]+$/.test(text) && isFriendly(text) ? text : encodeCode(text);
}

/**
 * Reads a `code span` or a JSON string at `start`, else a bare value matched by `bare`
 * (a sticky regex). Returns null when nothing valid starts there.
 */
export function readValue(
  text: string,
  start: number,
  bare: RegExp,
): { value: string; end: number } | null {
  if (text[start] === "`") {
    const close = text.indexOf("`", start + 1);
    if (close === -1) return null;
    // Markdown strips the spaces just inside a code span; encodeCode never puts any there.
    return { value: text.slice(start + 1, close).trim(), end: close + 1 };
  }
  if (text[start] === '"') return readJsonString(text, start);
  bare.lastIndex = start;
  const match = bare.exec(text);
  if (match === null || match[0].trim() === "") return null;
  return { value: match[0].trim(), end: start + match[0].length };
}

/**
 * One list section's item shape. An item's text is its lines joined, without the bullet,
 * the indentation and the `_(verified)_` marker. `render` lists candidate texts, friendliest
 * first; the section renderer keeps the first that parses back to the same item, and the
 * last (JSON for every free field) always does.
 */
export interface ItemCodec<T> {
  render(item: T): string[];
  parse(text: string, provenance: Provenance, fail: (message: string) => never): T;
}

export function requireText(value: string, what: string, fail: (message: string) => never): string {
  return value === "" ? fail(`empty ${what}`) : value;
}
