/**
 * Finds where JSON values end in raw UTF-8 bytes without building them, so a reader can
 * cut out of a line the values it never uses (inline images, structured duplicates of
 * tool output) before paying JSON.parse for the rest. Strings are crossed with
 * Buffer#indexOf, which runs at memchr speed; only the bytes between strings are looked
 * at one by one.
 *
 * What stays in the slimmed line is checked by JSON.parse. A value that is cut out is
 * checked here (`check`) for what can be checked cheaply: strings closed and their
 * escapes valid, brackets balanced, nothing but JSON's own characters between strings.
 * Raw control characters inside its strings and the order of its commas and colons are
 * not checked: a line damaged only there is read, where a plain JSON.parse would have
 * skipped it. Every function returns -1 when in doubt, and callers then parse the whole
 * line the ordinary way.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

const WHITESPACE = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WHITESPACE[c] = 1;

/** Bytes that may stand between strings in JSON: whitespace, punctuation, numbers, literals. */
const BETWEEN_STRINGS = new Uint8Array(256);
for (const c of " \t\n\r,:{}[]0123456789+-.eEtrufalsn") BETWEEN_STRINGS[c.charCodeAt(0)] = 1;

const ESCAPED = new Uint8Array(256);
for (const c of '"\\/bfnrtu') ESCAPED[c.charCodeAt(0)] = 1;

const HEX = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;

export function skipWhitespace(bytes: Buffer, i: number, end: number): number {
  while (i < end && WHITESPACE[bytes[i] as number] === 1) i++;
  return i;
}

/**
 * `i` is at a string's opening quote: the index just past its closing quote, or -1 when
 * the string does not close before `end` or (when `check`) holds an invalid escape.
 * Strings that stay in the slimmed line need no check: JSON.parse will see them.
 */
export function skipString(bytes: Buffer, i: number, end: number, check = false): number {
  // Most strings are short keys and values: a loop is cheaper than a call into indexOf.
  let from = i + 1;
  const near = Math.min(end, from + 48);
  while (from < near) {
    const c = bytes[from];
    if (c === QUOTE) return !check || escapesValid(bytes, i + 1, from) ? from + 1 : -1;
    from += c === BACKSLASH ? 2 : 1;
  }
  let close: number;
  for (;;) {
    close = bytes.indexOf(QUOTE, from);
    if (close === -1 || close >= end) return -1;
    let slash = close - 1;
    while (slash > i && bytes[slash] === BACKSLASH) slash--;
    if ((close - 1 - slash) % 2 === 0) break;
    from = close + 1;
  }
  return !check || escapesValid(bytes, i + 1, close) ? close + 1 : -1;
}

/**
 * Whether every escape in [from, to) is valid. Buffer#indexOf has no end and would run on
 * past `to` (to the end of a 1 MB chunk for a rare byte), so long ranges get a view.
 */
function escapesValid(bytes: Buffer, from: number, to: number): boolean {
  if (to - from < 64) {
    for (let k = from; k < to; k++) {
      if (bytes[k] !== BACKSLASH) continue;
      const width = escapeWidth(bytes, k, to);
      if (width === 0) return false;
      k += width - 1;
    }
    return true;
  }
  const view = bytes.subarray(from, to);
  for (let k = view.indexOf(BACKSLASH); k !== -1; ) {
    const width = escapeWidth(view, k, view.length);
    if (width === 0) return false;
    k = view.indexOf(BACKSLASH, k + width);
  }
  return true;
}

/** The width of the escape at `slash`, or 0 when it is not a valid JSON escape. */
function escapeWidth(bytes: Buffer, slash: number, to: number): number {
  const next = bytes[slash + 1] as number;
  if (slash + 1 >= to || ESCAPED[next] !== 1) return 0;
  if (next !== 0x75) return 2;
  if (slash + 6 > to) return 0;
  for (let k = slash + 2; k < slash + 6; k++) if (HEX[bytes[k] as number] !== 1) return 0;
  return 6;
}

/**
 * `i` is at a value's first byte: the index just past the value, or -1. `check` for a
 * value that will be cut out, so that JSON.parse never sees it.
 */
export function skipValue(bytes: Buffer, i: number, end: number, check = false): number {
  const first = bytes[i];
  if (first === QUOTE) return skipString(bytes, i, end, check);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return skipContainer(bytes, i, end, check);
  // A number or a literal: up to the next delimiter.
  let j = i;
  while (j < end) {
    const c = bytes[j] as number;
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || WHITESPACE[c] === 1) break;
    if (BETWEEN_STRINGS[c] !== 1) return -1;
    j++;
  }
  return j > i ? j : -1;
}

function skipContainer(bytes: Buffer, i: number, end: number, check: boolean): number {
  // Closers still expected, innermost last.
  const closers: number[] = [];
  for (let j = i; j < end; j++) {
    const c = bytes[j] as number;
    if (c === QUOTE) {
      const after = skipString(bytes, j, end, check);
      if (after === -1) return -1;
      j = after - 1;
    } else if (c === OPEN_BRACE) closers.push(CLOSE_BRACE);
    else if (c === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (closers.pop() !== c) return -1;
      if (closers.length === 0) return j + 1;
    } else if (BETWEEN_STRINGS[c] !== 1) return -1;
  }
  return -1;
}

/** Whether the key string spanning [keyStart, keyEnd) (quotes included) is exactly `name`. */
export function keyIs(bytes: Buffer, keyStart: number, keyEnd: number, name: string): boolean {
  if (keyEnd - keyStart !== name.length + 2) return false;
  for (let k = 0; k < name.length; k++)
    if (bytes[keyStart + 1 + k] !== name.charCodeAt(k)) return false;
  return true;
}

/**
 * Steps through the members of objects and the elements of arrays that stay in the
 * slimmed line. It is lenient where JSON.parse will judge anyway (the punctuation of kept
 * containers) and strict where it will not: a value it helps cut out is skipped with
 * `check`. Keys holding escapes stop it, as they could spell a key the caller looks for
 * in a way it would not recognise. After a false from nextMember or nextElement, `failed`
 * tells an ended container from a line that could not be read.
 */
export class JsonCursor {
  readonly bytes: Buffer;
  readonly end: number;
  /** Where the cursor stands: a value's first byte after nextMember/nextElement. */
  pos: number;
  /** The current member's key, quotes included. */
  keyStart = 0;
  keyEnd = 0;
  failed = false;

  constructor(bytes: Buffer, start: number, end: number) {
    this.bytes = bytes;
    this.end = end;
    this.pos = skipWhitespace(bytes, start, end);
  }

  /** At an object or array: steps inside it and returns true. */
  enter(open: number): boolean {
    if (this.bytes[this.pos] !== open) return false;
    this.pos++;
    return true;
  }

  /** Moves to the next member's value (its key in keyStart/keyEnd), or past the `}`. */
  nextMember(): boolean {
    const { bytes, end } = this;
    let j = skipWhitespace(bytes, this.pos, end);
    if (bytes[j] === COMMA) j = skipWhitespace(bytes, j + 1, end);
    if (bytes[j] === CLOSE_BRACE) {
      this.pos = j + 1;
      return false;
    }
    const keyEnd = bytes[j] === QUOTE ? skipString(bytes, j, end) : -1;
    if (keyEnd === -1) return this.fail();
    for (let k = j + 1; k < keyEnd; k++) if (bytes[k] === BACKSLASH) return this.fail();
    this.keyStart = j;
    this.keyEnd = keyEnd;
    j = skipWhitespace(bytes, keyEnd, end);
    if (bytes[j] !== COLON) return this.fail();
    this.pos = skipWhitespace(bytes, j + 1, end);
    return this.pos < end || this.fail();
  }

  /** Moves to the next element of an array, or past the `]`. */
  nextElement(): boolean {
    const { bytes, end } = this;
    let j = skipWhitespace(bytes, this.pos, end);
    if (bytes[j] === COMMA) j = skipWhitespace(bytes, j + 1, end);
    if (bytes[j] === CLOSE_BRACKET) {
      this.pos = j + 1;
      return false;
    }
    this.pos = j;
    return j < end || this.fail();
  }

  /** Whether the current key is exactly `name`. */
  keyIs(name: string): boolean {
    return keyIs(this.bytes, this.keyStart, this.keyEnd, name);
  }

  /** Skips the value at the cursor; false (and failed) when it cannot. */
  skip(check = false): boolean {
    const after = skipValue(this.bytes, this.pos, this.end, check);
    if (after === -1) return this.fail();
    this.pos = after;
    return true;
  }

  /** Whether only whitespace is left. */
  atEnd(): boolean {
    return skipWhitespace(this.bytes, this.pos, this.end) === this.end;
  }

  fail(): false {
    this.failed = true;
    this.pos = this.end;
    return false;
  }
}
