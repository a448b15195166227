import { readFile, stat } from "node:fs/promises";
import type { ParseWarnings } from "../core/session.ts";
import { addWarning } from "./agent-reader.ts";
import { isObject, type JsonObject } from "./json-values.ts";
import { readLines } from "./read-lines.ts";
import { readLinesBackward } from "./read-lines-backward.ts";

/**
 * Reads a session file that its agent writes as one JSON document with
 * `JSON.stringify(session, null, 2)`, rewritten whole on every turn (Continue CLI, Nanocoder),
 * as a stream: the top-level fields one by one and the items of the conversation's array one
 * by one, so memory holds one item at a time, and the end of the conversation is read from
 * the end of the file. The layout is what makes this possible: JSON.stringify escapes every
 * newline inside a string, so each line is structure, and an item of a top-level array opens
 * on a line of exactly four spaces and `{` and closes on four spaces and `}`. A file not laid
 * out so (minified, hand-edited) is read whole, up to 64 MB.
 */
export interface DocumentFolder {
  readonly warnings: ParseWarnings;
  /** A top-level field other than the conversation's array, in file order. */
  addField(key: string, value: unknown): void;
  /** One item of the conversation's array, in file order. */
  addRecord(item: JsonObject): void;
}

const MAX_WHOLE_BYTES = 64 << 20;
const MAX_ITEM_CHARS = 64 << 20;
const TOP_FIELD = /^ {2}"((?:[^"\\]|\\.)*)": (.*)$/;
const INVALID = "invalid JSON in the session file";

/** Folds the whole document: fields and items in file order. */
export async function foldDocument<T extends DocumentFolder>(
  path: string,
  arrayKey: string,
  folder: T,
): Promise<T> {
  let first = true;
  let pretty = true;
  /** The top-level field being gathered over several lines, or the array's item. */
  let open: { key: string | null; lines: string[]; chars: number } | null = null;
  let inArray = false;
  let closed = false;
  for await (const batch of readLines(path, { maxLineBytes: MAX_ITEM_CHARS })) {
    for (const raw of batch.lines) {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (first) {
        first = false;
        if (line !== "{") {
          pretty = false;
          break;
        }
        continue;
      }
      if (open !== null) {
        const end = inArray ? /^ {4}[}\]],?$/.test(line) : /^ {2}[}\]],?$/.test(line);
        open.chars += line.length;
        if (open.chars > MAX_ITEM_CHARS) {
          addWarning(folder.warnings, "item over 64 MB skipped");
          open = { key: open.key, lines: [], chars: 0 };
        } else open.lines.push(end ? line.replace(/,$/, "") : line);
        if (!end) continue;
        const value = parseJson(open.lines.join("\n"), folder.warnings);
        if (inArray) addItem(value, folder);
        else if (value !== undefined && open.key !== null) folder.addField(open.key, value);
        open = null;
        continue;
      }
      if (inArray) {
        if (/^ {2}\],?$/.test(line)) inArray = false;
        else if (line === "    {") open = { key: null, lines: [line], chars: line.length };
        else addItem(parseJson(line.trim().replace(/,$/, ""), folder.warnings), folder);
        continue;
      }
      if (line === "}") {
        closed = true;
        continue;
      }
      const field = TOP_FIELD.exec(line);
      if (field === null) {
        addWarning(folder.warnings, INVALID);
        continue;
      }
      const key = parseJson(`"${field[1]}"`, folder.warnings);
      const rest = field[2] as string;
      if (typeof key !== "string") continue;
      if (key === arrayKey && rest === "[") inArray = true;
      else if (rest === "[" || rest === "{") open = { key, lines: [rest], chars: rest.length };
      else {
        const value = parseJson(rest.replace(/,$/, ""), folder.warnings);
        if (key === arrayKey) for (const item of asArray(value)) addItem(item, folder);
        else if (value !== undefined) folder.addField(key, value);
      }
    }
    if (!pretty) break;
  }
  if (!pretty) return foldWhole(path, arrayKey, folder);
  // The agent rewrites the file whole: one read mid-write ends early.
  if (!first && !closed)
    addWarning(folder.warnings, "truncated session file (still being written)");
  return folder;
}

/**
 * The top-level fields before the conversation's array (where both agents keep the
 * session's id, folder and start), read from the first lines only.
 */
export async function documentHead(path: string, arrayKey: string): Promise<JsonObject> {
  const head: JsonObject = {};
  let first = true;
  let lines = 0;
  for await (const batch of readLines(path, { chunkBytes: 16 << 10, maxLineBytes: 1 << 20 })) {
    for (const raw of batch.lines) {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (first) {
        first = false;
        if (line !== "{") return headOfWhole(path, arrayKey);
        continue;
      }
      const field = TOP_FIELD.exec(line);
      if (field === null || ++lines > 200) return head;
      const key = parseJson(`"${field[1]}"`, {});
      if (key === arrayKey || typeof key !== "string") return head;
      const rest = (field[2] as string).replace(/,$/, "");
      // Nested values of the head are not needed: only scalars are taken.
      if (rest === "[" || rest === "{") return head;
      const value = parseJson(rest, {});
      if (value !== undefined) head[key] = value;
    }
  }
  return head;
}

/**
 * The items of the conversation from the end back to the one that starts the `last`-th
 * message counted from the end (`startsMessage`), oldest first, read backward from the end
 * of the file: the cost depends on the messages asked for, not on the file's size. Assumes,
 * as both agents write, that no array field follows the conversation; one that does is
 * passed over (its items are not messages), at the cost of reading it.
 */
export async function documentTail(
  path: string,
  arrayKey: string,
  startsMessage: (item: JsonObject) => boolean,
  last: number,
  warnings: ParseWarnings,
): Promise<JsonObject[]> {
  if (!(await startsPretty(path))) {
    const items: JsonObject[] = [];
    await foldWhole(path, arrayKey, {
      warnings,
      addField: () => {},
      addRecord: (item) => items.push(item),
    });
    return items;
  }
  let items: JsonObject[] = [];
  let messages = 0;
  let inArray = false;
  let gathering: string[] | null = null;
  for await (const { text } of readLinesBackward(path, { maxLineBytes: MAX_ITEM_CHARS })) {
    const line = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (!inArray) {
      if (/^ {2}\],?$/.test(line)) inArray = true;
      continue;
    }
    if (gathering !== null) {
      gathering.push(line);
      if (line !== "    {") continue;
      const value = parseJson(gathering.reverse().join("\n"), warnings);
      gathering = null;
      if (!isObject(value)) continue;
      items.push(value);
      if (startsMessage(value) && ++messages === last) break;
      continue;
    }
    if (/^ {4}\},?$/.test(line)) {
      gathering = [line.replace(/,$/, "")];
      continue;
    }
    const field = TOP_FIELD.exec(line);
    if (field !== null && field[2] === "[") {
      if (parseJson(`"${field[1]}"`, {}) === arrayKey) break;
      // Another array: what was gathered was its items, not the conversation.
      items = [];
      messages = 0;
      inArray = false;
    }
  }
  return items.reverse();
}

async function startsPretty(path: string): Promise<boolean> {
  for await (const batch of readLines(path, { chunkBytes: 256, maxLineBytes: 256 })) {
    const line = batch.lines[0];
    if (line !== undefined) return line.replace(/\r$/, "") === "{";
  }
  return false;
}

async function foldWhole<T extends DocumentFolder>(
  path: string,
  arrayKey: string,
  folder: T,
): Promise<T> {
  const document = await readWhole(path, folder.warnings);
  if (document === null) return folder;
  for (const [key, value] of Object.entries(document)) {
    if (key === arrayKey) for (const item of asArray(value)) addItem(item, folder);
    else folder.addField(key, value);
  }
  return folder;
}

async function headOfWhole(path: string, arrayKey: string): Promise<JsonObject> {
  const document = await readWhole(path, {});
  if (document === null) return {};
  const { [arrayKey]: _conversation, ...head } = document;
  return head;
}

async function readWhole(path: string, warnings: ParseWarnings): Promise<JsonObject | null> {
  if ((await stat(path)).size > MAX_WHOLE_BYTES) {
    addWarning(warnings, "session file over 64 MB skipped");
    return null;
  }
  const document = parseJson(await readFile(path, "utf8"), warnings);
  if (isObject(document)) return document;
  if (document !== undefined) addWarning(warnings, "session file that is not an object");
  return null;
}

function addItem(value: unknown, folder: DocumentFolder): void {
  if (value === undefined) return;
  if (isObject(value)) folder.addRecord(value);
  else addWarning(folder.warnings, "record that is not an object");
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function parseJson(text: string, warnings: ParseWarnings): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    addWarning(warnings, INVALID);
    return undefined;
  }
}
