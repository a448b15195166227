import { appendFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeFoldersSync } from "../../store/make-folders.ts";
import { type Env, hookLogPath } from "../baton-state-dir.ts";

/**
 * Appends one line to the hooks' log. A hook has no terminal and must not print, so this
 * file is the only place its failures show; a log that cannot be written is given up on
 * silently rather than risking the agent's session.
 */
export function logHook(env: Env, event: string, message: string): void {
  const line = `${new Date().toISOString()} claude-code ${event}: ${message.replace(/\s*\n\s*/g, " ")}\n`;
  try {
    const path = hookLogPath(env);
    makeFoldersSync(dirname(path));
    appendFileSync(path, line);
  } catch {
    // Nowhere left to report to.
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
