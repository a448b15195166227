import { join } from "node:path";
import type { ReaderContext } from "../agent-reader.ts";
import { agentFolder } from "../session-ref-at.ts";

/** `CLAUDE_CONFIG_DIR` wins over `~/.claude`, as in Claude Code itself. */
export function claudeConfigDir(context: ReaderContext): string {
  return agentFolder(context, "CLAUDE_CONFIG_DIR", ".claude");
}

export function claudeProjectsDir(context: ReaderContext): string {
  return join(claudeConfigDir(context), "projects");
}

/**
 * Claude Code's folder name for a project: every character outside [A-Za-z0-9] becomes
 * `-`. Lossy, so it is only ever used to look a known path up, never decoded.
 */
export function encodeClaudeProjectDir(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, "-");
}
