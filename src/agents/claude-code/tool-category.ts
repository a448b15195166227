import type { ToolCategory } from "../../core/session.ts";

const CATEGORIES: Record<string, ToolCategory> = {
  Bash: "shell",
  BashOutput: "shell",
  KillShell: "shell",
  KillBash: "shell",
  Read: "read",
  NotebookRead: "read",
  Write: "write",
  Edit: "edit",
  MultiEdit: "edit",
  NotebookEdit: "edit",
  Glob: "search",
  Grep: "search",
  LS: "search",
  WebFetch: "fetch",
  WebSearch: "fetch",
  Task: "task",
  Agent: "task",
  TodoWrite: "todo",
  TaskCreate: "todo",
  TaskUpdate: "todo",
  TaskList: "todo",
  TaskGet: "todo",
};

export function claudeToolCategory(name: string): ToolCategory {
  if (name.startsWith("mcp__")) return "mcp";
  return CATEGORIES[name] ?? "other";
}

/** The file a Claude Code tool call reads or changes, from its input. */
export function claudeToolPaths(input: unknown): string[] {
  if (typeof input !== "object" || input === null) return [];
  const record = input as Record<string, unknown>;
  for (const key of ["file_path", "notebook_path"]) {
    const value = record[key];
    if (typeof value === "string" && value.length > 0) return [value];
  }
  return [];
}
