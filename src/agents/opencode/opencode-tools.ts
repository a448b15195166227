import type { ToolCategory } from "../../core/session.ts";

const CATEGORIES: Record<string, ToolCategory> = {
  bash: "shell",
  read: "read",
  write: "write",
  edit: "edit",
  multiedit: "edit",
  patch: "edit",
  apply_patch: "edit",
  glob: "search",
  grep: "search",
  list: "search",
  codesearch: "search",
  webfetch: "fetch",
  websearch: "fetch",
  task: "task",
  todowrite: "todo",
  todoread: "todo",
};

/** OpenCode names MCP tools `<server>_<tool>`; anything unknown with an underscore is most likely one. */
export function openCodeToolCategory(name: string): ToolCategory {
  return CATEGORIES[name] ?? (name.includes("_") ? "mcp" : "other");
}
