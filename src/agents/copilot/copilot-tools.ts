import type { FileTouchKind, ToolCategory } from "../../core/session.ts";

const CATEGORIES: Record<string, ToolCategory> = {
  bash: "shell",
  powershell: "shell",
  view: "read",
  create: "write",
  edit: "edit",
  str_replace_editor: "edit",
  grep: "search",
  glob: "search",
  web_fetch: "fetch",
  fetch_copilot_cli_documentation: "fetch",
  task: "task",
  read_agent: "task",
  write_agent: "task",
};

/**
 * Copilot's todo list lives in the session database and is written with the `sql` tool, so
 * a `sql` call counts as a todo call when it touches that table.
 */
export function copilotToolCategory(name: string, input: Record<string, unknown>): ToolCategory {
  if (name === "sql") {
    const query = typeof input.query === "string" ? input.query : "";
    return /\btodos?\b|\btodo_deps\b/i.test(query) ? "todo" : "other";
  }
  if (name.includes("/") || name.includes("__")) return "mcp";
  return CATEGORIES[name] ?? "other";
}

/** How a `tool.execution_complete` names a file change (`fileEdits[].kind`). */
export function fileEditKind(kind: string | null): FileTouchKind {
  if (kind === "create") return "created";
  if (kind === "delete") return "deleted";
  return "edited";
}

/**
 * The exit code at the end of a shell result when the event carries no `shellExecution`:
 * Copilot appends `<shellId: N completed with exit code C>` to what the model sees.
 */
export function copilotExitCode(output: string): number | null {
  const match = /<shellId: [^>]*? (?:completed|exited) with exit code (-?\d+)>\s*$/.exec(output);
  return match ? Number(match[1]) : null;
}
