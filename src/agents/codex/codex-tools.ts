import type { FileTouchKind, ToolCategory } from "../../core/session.ts";

const CATEGORIES: Record<string, ToolCategory> = {
  shell: "shell",
  shell_command: "shell",
  exec_command: "shell",
  local_shell_call: "shell",
  write_stdin: "other",
  apply_patch: "edit",
  update_plan: "todo",
  view_image: "read",
  web_search_call: "fetch",
  web_search: "fetch",
  spawn_agent: "task",
};

export function codexToolCategory(name: string): ToolCategory {
  if (name.startsWith("mcp__") || name.includes("/")) return "mcp";
  return CATEGORIES[name] ?? "other";
}

/** The command line of a shell call, whether Codex sent it as a string or an argv array. */
export function codexCommand(args: Record<string, unknown>): string | null {
  const command = args.command ?? args.cmd;
  if (typeof command === "string") return command;
  if (Array.isArray(command) && command.every((part) => typeof part === "string")) {
    // `bash -lc "<script>"` is how Codex wraps most commands; the script is what was meant.
    if (
      command.length === 3 &&
      /(^|\/)(ba|z)?sh$/.test(command[0] as string) &&
      /^-l?c$/.test(command[1] as string)
    ) {
      return command[2] as string;
    }
    return (command as string[]).join(" ");
  }
  return null;
}

/** Files an apply_patch body adds, updates, deletes or moves. */
export function patchFiles(patch: string): { path: string; kind: FileTouchKind }[] {
  const files: { path: string; kind: FileTouchKind }[] = [];
  for (const match of patch.matchAll(
    /^\*\*\* (Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/gm,
  )) {
    if (match[3]) files.push({ path: match[3].trim(), kind: "created" });
    else if (match[2]) {
      const kind: FileTouchKind =
        match[1] === "Add" ? "created" : match[1] === "Delete" ? "deleted" : "edited";
      files.push({ path: match[2].trim(), kind });
    }
  }
  return files;
}

/**
 * The exit code in a Codex tool output: either a JSON envelope with metadata.exit_code or
 * a text that starts with `Exit code: N` (the format changed between versions).
 */
export function codexExitCode(output: string): number | null {
  const text = /^\s*(?:Process exited with code|Exit code:?)\s*(-?\d+)/m.exec(output);
  if (text) return Number(text[1]);
  if (output.startsWith("{")) {
    try {
      const parsed = JSON.parse(output) as { metadata?: { exit_code?: unknown } };
      const code = parsed.metadata?.exit_code;
      if (typeof code === "number") return code;
    } catch {
      return null;
    }
  }
  return null;
}
