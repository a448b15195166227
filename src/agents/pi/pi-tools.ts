import type { FileTouchKind, ToolCategory } from "../../core/session.ts";

const CATEGORIES: Record<string, ToolCategory> = {
  bash: "shell",
  read: "read",
  write: "write",
  edit: "edit",
  grep: "search",
  find: "search",
  ls: "search",
  tool_search: "other",
  codemode: "other",
};

export function piToolCategory(name: string): ToolCategory {
  if (name.startsWith("mcp__")) return "mcp";
  return CATEGORIES[name] ?? "other";
}

/** How each file tool touches its `path` (Pi's `write` does not say whether the file existed). */
export const PI_FILE_KINDS: Record<string, FileTouchKind> = {
  read: "read",
  write: "written",
  edit: "edited",
};

/**
 * A bash result's exit code: Pi appends `Command exited with code N` to the output of a
 * command that failed and says nothing after one that succeeded. Null when the command did
 * not finish (timeout, abort): an error result without that line.
 */
export function piExitCode(output: string, isError: boolean): number | null {
  const match = /Command exited with code (-?\d+)\s*$/.exec(output);
  if (match) return Number(match[1]);
  return isError ? null : 0;
}
