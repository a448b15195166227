import type { FileTouchKind, SessionTodo, ToolCall, ToolCategory } from "../../core/session.ts";
import { capText, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import type { FileTouches } from "../file-touches.ts";
import { isObject, type JsonObject, str } from "../json-values.ts";
import { toTodoStatus } from "../todo-status.ts";

/**
 * What Gemini CLI and its fork Qwen Code share: messages are Gemini API `Content` parts
 * (`text`, `functionCall {id, name, args}`, `functionResponse {id, name, response}`), the
 * core tools carry the same names (`run_shell_command`, `read_file`, `write_file`, …) and
 * a shell result spells its exit code `Exit Code: N`.
 */

const CATEGORIES: Record<string, ToolCategory> = {
  run_shell_command: "shell",
  read_file: "read",
  read_many_files: "read",
  write_file: "write",
  replace: "edit",
  edit: "edit",
  glob: "search",
  grep_search: "search",
  search_file_content: "search",
  list_directory: "search",
  web_fetch: "fetch",
  google_web_search: "fetch",
  web_search: "fetch",
  write_todos: "todo",
  todo_write: "todo",
  agent: "task",
  task: "task",
};

/** MCP tools are registered as `<server>__<tool>` (Gemini CLI) or `mcp__<server>__<tool>` (Qwen Code). */
export function geminiToolCategory(name: string): ToolCategory {
  if (name.includes("__")) return "mcp";
  return CATEGORIES[name] ?? "other";
}

const FILE_KINDS: Record<string, FileTouchKind> = {
  read_file: "read",
  write_file: "written",
  replace: "edited",
  edit: "edited",
};

/** The text of a message's parts, thoughts left out; `content` may also be a plain string. */
export function partsText(content: unknown): string {
  if (typeof content === "string") return content.trim();
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const part of content) {
    if (isObject(part) && typeof part.text === "string" && part.thought !== true)
      texts.push(part.text);
  }
  return texts.join("").trim();
}

export interface FunctionCallPart {
  id: string | null;
  name: string;
  args: JsonObject;
}

export function functionCalls(content: unknown): FunctionCallPart[] {
  if (!Array.isArray(content)) return [];
  const calls: FunctionCallPart[] = [];
  for (const part of content) {
    if (!isObject(part) || !isObject(part.functionCall)) continue;
    const call = part.functionCall;
    calls.push({
      id: str(call.id),
      name: str(call.name) ?? "unknown",
      args: isObject(call.args) ? call.args : {},
    });
  }
  return calls;
}

export interface FunctionResponsePart {
  id: string | null;
  name: string | null;
  output: string;
  isError: boolean;
}

/** The tool results of a message: `response.output`, or `response.error` for a failed call. */
export function functionResponses(content: unknown): FunctionResponsePart[] {
  if (!Array.isArray(content)) return [];
  const responses: FunctionResponsePart[] = [];
  for (const part of content) {
    if (!isObject(part) || !isObject(part.functionResponse)) continue;
    const response = part.functionResponse;
    const body = isObject(response.response) ? response.response : {};
    const error = str(body.error);
    const output =
      str(body.output) ?? error ?? (Object.keys(body).length > 0 ? JSON.stringify(body) : "");
    responses.push({
      id: str(response.id),
      name: str(response.name),
      output,
      isError: error !== null,
    });
  }
  return responses;
}

/** A message that only carries tool results: the agent's reply to the model, not a prompt. */
export function isToolResultContent(content: unknown): boolean {
  return (
    Array.isArray(content) &&
    content.length > 0 &&
    content.every((part) => isObject(part) && isObject(part.functionResponse))
  );
}

/** A Session tool call from a function call; its output comes later (`setToolOutput`). */
export function toToolCall(call: FunctionCallPart, at: string | null): ToolCall {
  const category = geminiToolCategory(call.name);
  const path = str(call.args.file_path) ?? str(call.args.absolute_path) ?? str(call.args.path);
  return {
    id: call.id,
    name: call.name,
    category,
    input: call.args,
    output: null,
    exitCode: null,
    isError: false,
    command: category === "shell" ? str(call.args.command) : null,
    paths: path && FILE_KINDS[call.name] ? [path] : [],
    at,
  };
}

/**
 * Fills in a call's result. The exit code is the one the agent reports (`exitCode` when
 * it records it apart), else the `Exit Code: N` line of a shell result; a shell call that
 * ran and names none exited 0 (Gemini CLI only prints a non-zero code).
 */
export function setToolOutput(
  call: ToolCall,
  output: string,
  failed: boolean,
  exitCode: number | null = null,
): void {
  call.output = capText(output, MAX_OUTPUT_CHARS);
  if (call.category === "shell") {
    const printed = /^Exit Code: (-?\d+)/m.exec(output);
    call.exitCode = exitCode ?? (printed ? Number(printed[1]) : failed ? null : 0);
  }
  call.isError = failed || (call.exitCode !== null && call.exitCode !== 0);
}

/** Records the file a read, write or edit call names. */
export function touchFiles(files: FileTouches, call: ToolCall): void {
  const kind = FILE_KINDS[call.name];
  if (kind === undefined || call.isError) return;
  for (const path of call.paths) {
    // A write that created the file says so in its result.
    const created = kind === "written" && /created and wrote to new file/i.test(call.output ?? "");
    files.touch(path, created ? "created" : kind, call.at);
  }
}

/**
 * The todo list a `write_todos` (Gemini CLI: `{description, status}`) or `todo_write`
 * (Qwen Code: `{id, content, status}`) call sets; null for any other call.
 */
export function todosOf(call: FunctionCallPart): SessionTodo[] | null {
  if (call.name !== "write_todos" && call.name !== "todo_write") return null;
  if (!Array.isArray(call.args.todos)) return null;
  const todos: SessionTodo[] = [];
  for (const item of call.args.todos) {
    if (!isObject(item)) continue;
    const text = str(item.description) ?? str(item.content);
    const status = toTodoStatus(item.status);
    if (text && status) todos.push({ text, status });
  }
  return todos;
}
