import { isObject, type JsonObject } from "./json-values.ts";

/**
 * The fast path of a transcript reader: a long JSONL line is parsed from a slimmed copy
 * of its bytes, with the values its reader never uses cut out (see json-skip.ts), so
 * JSON.parse pays only for what is kept. Each agent says what to cut; this module builds
 * the slimmed text and parses it. Whenever anything is in doubt it returns null, and the
 * line is decoded and parsed whole: correctness never depends on the fast path.
 */

/**
 * Shorter lines are parsed whole. What they could lose is mostly text with escapes, which
 * JSON.parse reads about as fast as the skipper checks it (measured on real transcripts
 * repeated to 100 MB: no gain from 2 KB lines); the gain is in long values: base64
 * images, whole files in toolUseResult, long tool output.
 */
export const SLIM_MIN_BYTES = 8 * 1024;

/**
 * A text cut short keeps at least the characters its reader shows; the object that held
 * it notes the full length under this symbol, so "… [N more characters]" stays exact.
 */
export const FULL_LENGTH: unique symbol = Symbol("baton.fullLength");

/** Strings shorter than this (in bytes) are never cut: what they would save is small. */
export const CUT_MIN_BYTES = 16 * 1024;

interface Cut {
  from: number;
  to: number;
  text: string;
}

/** A key path from the record to the object whose `key` string was cut. */
export type CutPath = readonly (string | number)[];

export class LineSlimmer {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
  private readonly cuts: Cut[] = [];
  private readonly lengths: { path: CutPath; length: number }[] = [];

  constructor(bytes: Buffer, start: number, end: number) {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
  }

  /** Replaces the value spanning [from, to) by `json`. Cuts must not overlap. */
  replace(from: number, to: number, json: string): void {
    this.cuts.push({ from, to, text: json });
  }

  /**
   * Cuts the JSON string spanning [from, to) down to its first `keep` characters (or a
   * few more), noting its full length on the object at `path`. False if the string holds
   * an invalid escape.
   */
  cutString(from: number, to: number, keep: number, path: CutPath): boolean {
    const raw = this.bytes.toString("utf8", from + 1, to - 1);
    // Walk the escapes: each one is longer in the raw text than in the string it stands for.
    let extra = 0;
    let cutAt = -1;
    let at = 0;
    for (;;) {
      const slash = raw.indexOf("\\", at);
      const stop = slash === -1 ? raw.length : slash;
      if (cutAt === -1 && stop - extra >= keep) cutAt = Math.max(at, keep + extra);
      if (slash === -1) break;
      const width = escapeWidth(raw, slash);
      if (width === 0) return false;
      extra += width - 1;
      at = slash + width;
      if (cutAt === -1 && at - extra >= keep) cutAt = at;
    }
    const length = raw.length - extra;
    if (cutAt === -1 || length <= keep) return true;
    this.cuts.push({ from, to, text: `"${raw.slice(0, cutAt)}"` });
    this.lengths.push({ path, length });
    return true;
  }

  get changed(): boolean {
    return this.cuts.length > 0;
  }

  /** The slimmed line parsed, or null when it is not a JSON object. */
  parse(): JsonObject | null {
    const cuts = this.cuts.sort((a, b) => a.from - b.from);
    let text = "";
    let copied = this.start;
    for (const cut of cuts) {
      text += this.bytes.toString("utf8", copied, cut.from) + cut.text;
      copied = cut.to;
    }
    text += this.bytes.toString("utf8", copied, this.end);
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      return null;
    }
    if (!isObject(record)) return null;
    for (const { path, length } of this.lengths) {
      let target: unknown = record;
      for (const key of path) {
        if (typeof target !== "object" || target === null) return null;
        target = (target as Record<string | number, unknown>)[key];
      }
      if (!isObject(target)) return null;
      (target as Record<symbol, unknown>)[FULL_LENGTH] = length;
    }
    return record;
  }
}

/** The raw width of the escape at `slash`, or 0 when it is not a valid JSON escape. */
function escapeWidth(raw: string, slash: number): number {
  const next = raw[slash + 1];
  if (next === "u") return /^[0-9a-fA-F]{4}$/.test(raw.slice(slash + 2, slash + 6)) ? 6 : 0;
  return next !== undefined && '"\\/bfnrt'.includes(next) ? 2 : 0;
}

/** The full length of a text cut by the fast path, noted on the object that holds it. */
export function fullLength(holder: JsonObject, text: string): number {
  const noted = (holder as Record<symbol, unknown>)[FULL_LENGTH];
  return typeof noted === "number" ? noted : text.length;
}
