import type {
  FileTouch,
  FileTouchKind,
  ParseWarnings,
  SessionTodo,
  ToolCall,
  ToolCategory,
} from "../../core/session.ts";
import { addWarning } from "../agent-reader.ts";
import { capText, MAX_MESSAGE_CHARS, MAX_OUTPUT_CHARS } from "../cap-text.ts";
import { chatText, chatToolCalls } from "../chat-message-parts.ts";
import { FileTouches } from "../file-touches.ts";
import { isObject, type JsonObject, str } from "../json-values.ts";
import { MessageWindow } from "../message-window.ts";
import type { DocumentFolder } from "../pretty-json-document.ts";
import { RecentMap } from "../recent-map.ts";
import { toTodoStatus } from "../todo-status.ts";

const CATEGORIES: Record<string, ToolCategory> = {
  execute_bash: "shell",
  read_file: "read",
  write_file: "write",
  string_replace: "edit",
  diff_edit: "edit",
  find_files: "search",
  search_file_contents: "search",
  list_directory: "search",
  fetch_url: "fetch",
  web_search: "fetch",
  write_tasks: "todo",
  agent: "task",
};

const FILE_KINDS: Record<string, FileTouchKind> = {
  read_file: "read",
  write_file: "written",
  string_replace: "edited",
  diff_edit: "edited",
};

/**
 * Folds a Nanocoder session file (`<data dir>/nanocoder/sessions/<id>.json`, one JSON
 * document rewritten whole as the session goes) into a Session's parts: the fields `id`,
 * `title`, `createdAt`, `lastAccessedAt`, `provider`, `model` and `workingDirectory`, and the
 * `messages`, which are the Chat Completions messages Nanocoder sends: `user`, `assistant`
 * (`tool_calls` with parsed arguments), `tool` (`tool_call_id`, the result as text; a shell
 * result opens with `EXIT_CODE: N`, a failed call with `Error: ` or `⚒ Validation failed`) and `system`. Nanocoder
 * records neither times per message nor token usage.
 */
export class NanocoderSessionBuilder implements DocumentFolder {
  readonly window = new MessageWindow();
  readonly warnings: ParseWarnings = {};
  sessionId: string | null = null;
  cwd: string | null = null;
  title: string | null = null;
  model: string | null = null;
  provider: string | null = null;
  startedAt: string | null = null;
  lastActivityAt: string | null = null;
  todos: SessionTodo[] | null = null;
  private readonly files = new FileTouches();
  private readonly calls = new RecentMap<string, ToolCall>(1_000);

  addField(key: string, value: unknown): void {
    const text = str(value);
    if (key === "id") this.sessionId = text;
    else if (key === "workingDirectory") this.cwd = text;
    else if (key === "title") this.title = text;
    else if (key === "model") this.model = text;
    else if (key === "provider") this.provider = text;
    else if (key === "createdAt") this.startedAt = text;
    else if (key === "lastAccessedAt") this.lastActivityAt = text;
  }

  addRecord(message: JsonObject): void {
    switch (message.role) {
      case "user":
        this.addUser(message);
        break;
      case "assistant":
        this.addAssistant(message);
        break;
      case "tool":
        this.addResult(message);
        break;
      case "system":
        break;
      default:
        addWarning(this.warnings, `unknown message role ${str(message.role) ?? "(none)"}`);
    }
  }

  private addUser(message: JsonObject): void {
    const text = chatText(message.content);
    if (text.length === 0) return;
    this.window.push({
      id: null,
      role: "user",
      text: capText(text, MAX_MESSAGE_CHARS),
      toolCalls: [],
      model: null,
      at: null,
    });
  }

  private addAssistant(message: JsonObject): void {
    const toolCalls: ToolCall[] = [];
    for (const call of chatToolCalls(message.tool_calls)) {
      const category = CATEGORIES[call.name] ?? "other";
      const path = str(call.args.path);
      const toolCall: ToolCall = {
        id: call.id,
        name: call.name,
        category,
        input: call.args,
        output: null,
        exitCode: null,
        isError: false,
        command: category === "shell" ? str(call.args.command) : null,
        paths: path && FILE_KINDS[call.name] ? [path] : [],
        at: null,
      };
      toolCalls.push(toolCall);
      if (call.id !== null) this.calls.set(call.id, toolCall);
      if (call.name === "write_tasks") this.todos = tasksOf(call.args.tasks) ?? this.todos;
    }
    this.window.push({
      id: null,
      role: "assistant",
      text: capText(chatText(message.content), MAX_MESSAGE_CHARS),
      toolCalls,
      model: this.model,
      at: null,
    });
  }

  private addResult(message: JsonObject): void {
    const id = str(message.tool_call_id);
    const call = id === null ? undefined : this.calls.get(id);
    if (call === undefined) {
      addWarning(this.warnings, "tool result without its call");
      return;
    }
    const output =
      typeof message.content === "string" ? message.content : chatText(message.content);
    call.output = capText(output, MAX_OUTPUT_CHARS);
    // As Nanocoder's own history renderer tells a failed call.
    const failed = output.startsWith("Error: ") || output.startsWith("⚒ Validation failed");
    if (call.category === "shell") {
      const printed = /^EXIT_CODE: (-?\d+)$/m.exec(output);
      call.exitCode = printed ? Number(printed[1]) : null;
    }
    call.isError = failed || (call.exitCode !== null && call.exitCode !== 0);
    const kind = FILE_KINDS[call.name];
    if (kind === undefined || call.isError) return;
    // `File written successfully` for a new file, `File overwritten successfully` otherwise.
    const created = kind === "written" && output.startsWith("File written successfully");
    for (const path of call.paths) this.files.touch(path, created ? "created" : kind, null);
  }

  fileTouches(): FileTouch[] {
    return this.files.list();
  }
}

/** `write_tasks {tasks: [{title, status, description}]}`: the whole list, each time. */
function tasksOf(tasks: unknown): SessionTodo[] | null {
  if (!Array.isArray(tasks)) return null;
  const todos: SessionTodo[] = [];
  for (const task of tasks) {
    if (!isObject(task)) continue;
    const text = str(task.title);
    const status = toTodoStatus(task.status ?? "pending");
    if (text && status) todos.push({ text, status });
  }
  return todos;
}
