import { appendFileSync } from "node:fs";
import { dirname } from "node:path";
import { oneLine } from "../core/clip-line.ts";
import { makeFoldersSync } from "../store/make-folders.ts";

/**
 * Appends one line to a hook's or plugin's log. They have no terminal and must not print,
 * so the log is the only place their failures show; a log that cannot be written is given
 * up on silently rather than risking the agent's session.
 */
export function appendLog(path: string, agent: string, step: string, message: string): void {
  const line = `${new Date().toISOString()} ${agent} ${step}: ${oneLine(message)}\n`;
  try {
    makeFoldersSync(dirname(path));
    appendFileSync(path, line);
  } catch {
    // Nowhere left to report to.
  }
}
