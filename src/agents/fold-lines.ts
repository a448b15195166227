import type { ParseWarnings } from "../core/session.ts";
import { addWarning, type TailResult } from "./agent-reader.ts";
import { type JsonObject, parseRecordLine } from "./json-values.ts";
import type { MessageWindow } from "./message-window.ts";
import { readLines } from "./read-lines.ts";
import { readLinesBackward } from "./read-lines-backward.ts";
import { SLIM_MIN_BYTES } from "./slim-json-line.ts";

/** A per-agent builder that folds transcript lines, in file order, into a Session's parts. */
export interface LineFolder {
  readonly warnings: ParseWarnings;
  readonly window: MessageWindow;
  addLine(line: string, complete: boolean): void;
  addRecord(record: JsonObject): void;
  /**
   * The fast path for a long line (see slim-json-line.ts): the record parsed from a
   * slimmed copy of its bytes, or null to have the line parsed whole.
   */
  slimRecord?(bytes: Buffer, start: number, end: number): JsonObject | null;
}

export interface FoldOptions {
  /** Lines at least this long take the folder's fast path, if it has one. */
  slimMinBytes?: number;
}

const OVERSIZE = "line over 64 MB skipped";

export async function foldLines<T extends LineFolder>(
  path: string,
  folder: T,
  options: FoldOptions = {},
): Promise<T> {
  const slimMinBytes = options.slimMinBytes ?? SLIM_MIN_BYTES;
  const decode = (bytes: Buffer, start: number, end: number): string | JsonObject =>
    (end - start >= slimMinBytes ? folder.slimRecord?.(bytes, start, end) : null) ??
    bytes.toString("utf8", start, end);
  for await (const batch of readLines(path, {
    decode,
    onOversize: () => addWarning(folder.warnings, OVERSIZE),
  })) {
    const last = batch.lines.length - 1;
    for (let i = 0; i <= last; i++) {
      const line = batch.lines[i] as string | JsonObject;
      if (typeof line === "string") folder.addLine(line, batch.lastComplete || i < last);
      else folder.addRecord(line);
    }
  }
  return folder;
}

/**
 * Reads lines from the end until one more message than asked for has begun (as told by
 * `messageKey`), then folds just those lines front to back so tool results still meet
 * their calls. The cost depends on the messages asked for, not on the file's size.
 */
export async function foldTail(
  path: string,
  folder: LineFolder,
  messageKey: (record: JsonObject, line: string) => string | null,
  last: number,
): Promise<TailResult> {
  // Parsed once: the key decides where the window starts, the same record is then folded.
  const records: JsonObject[] = [];
  const seen = new Set<string>();
  for await (const line of readLinesBackward(path, {
    onOversize: () => addWarning(folder.warnings, OVERSIZE),
  })) {
    const record = parseRecordLine(line.text, line.complete, folder.warnings);
    if (record === null) continue;
    const key = messageKey(record, line.text);
    if (key !== null && !seen.has(key)) {
      if (seen.size === last) break;
      seen.add(key);
    }
    records.push(record);
  }
  for (let i = records.length - 1; i >= 0; i--) folder.addRecord(records[i] as JsonObject);
  // Results whose calls lie before the window are expected at its edge.
  delete folder.warnings["tool result without its call"];
  return { messages: folder.window.list().slice(-last), warnings: folder.warnings };
}
