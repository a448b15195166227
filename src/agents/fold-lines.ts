import type { ParseWarnings } from "../core/session.ts";
import { addWarning, type TailResult } from "./agent-reader.ts";
import type { MessageWindow } from "./message-window.ts";
import { readLines } from "./read-lines.ts";
import { readLinesBackward } from "./read-lines-backward.ts";

/** A per-agent builder that folds transcript lines, in file order, into a Session's parts. */
export interface LineFolder {
  readonly warnings: ParseWarnings;
  readonly window: MessageWindow;
  addLine(line: string, complete: boolean): void;
}

const OVERSIZE = "line over 64 MB skipped";

export async function foldLines<T extends LineFolder>(path: string, folder: T): Promise<T> {
  for await (const batch of readLines(path, {
    onOversize: () => addWarning(folder.warnings, OVERSIZE),
  })) {
    const last = batch.lines.length - 1;
    for (let i = 0; i <= last; i++)
      folder.addLine(batch.lines[i] as string, batch.lastComplete || i < last);
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
  messageKey: (line: string) => string | null,
  last: number,
): Promise<TailResult> {
  const lines: { text: string; complete: boolean }[] = [];
  const seen = new Set<string>();
  for await (const line of readLinesBackward(path, {
    onOversize: () => addWarning(folder.warnings, OVERSIZE),
  })) {
    const key = messageKey(line.text);
    if (key !== null && !seen.has(key)) {
      if (seen.size === last) break;
      seen.add(key);
    }
    lines.push(line);
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as { text: string; complete: boolean };
    folder.addLine(line.text, line.complete);
  }
  // Results whose calls lie before the window are expected at its edge.
  delete folder.warnings["tool result without its call"];
  return { messages: folder.window.list().slice(-last), warnings: folder.warnings };
}
