import { appendFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeFoldersSync } from "../../store/make-folders.ts";
import { batonStateDir } from "../baton-state-dir.ts";

/** `$XDG_STATE_HOME/baton/opencode.log`: where the plugin's failures show, since it has no terminal. */
export function pluginLogPath(env: NodeJS.ProcessEnv): string {
  return join(batonStateDir(env), "opencode.log");
}

/**
 * Appends one line to the plugin's log. A plugin step that fails must not break OpenCode,
 * so a log that cannot be written is given up on silently.
 */
export function logPlugin(env: NodeJS.ProcessEnv, step: string, message: string): void {
  const line = `${new Date().toISOString()} opencode ${step}: ${message.replace(/\s*\n\s*/g, " ")}\n`;
  try {
    const path = pluginLogPath(env);
    makeFoldersSync(dirname(path));
    appendFileSync(path, line);
  } catch {
    // Nowhere left to report to.
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
